"""Compares core/data/holidays-cn.json with chinesecalendar day by day over the years the file
covers: working day or not, and for days off inside a named holiday, the same festival."""

import datetime
import json
import sys

import chinese_calendar

# chinesecalendar's Holiday names and the file's, for the days both call a holiday.
FESTIVALS = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}


def main(path):
    data = json.load(open(path, encoding="utf-8"))
    off, on = {}, set()
    for holiday in data["holidays"]:
        day = datetime.date.fromisoformat(holiday["from"])
        while day <= datetime.date.fromisoformat(holiday["to"]):
            off[day] = holiday["name"]
            day += datetime.timedelta(days=1)
    for make_up in data["workdays"]:
        on.add(datetime.date.fromisoformat(make_up["date"]))
    passed = failed = 0
    for year in data["years"]:
        day = datetime.date(year, 1, 1)
        while day.year == year:
            ours = day in on or (day.weekday() < 5 and day not in off)
            theirs = chinese_calendar.is_workday(day)
            problems = []
            if ours != theirs:
                problems.append(f"working day here {ours}, in chinesecalendar {theirs}")
            on_holiday, name = chinese_calendar.get_holiday_detail(day)
            if on_holiday and name is not None and day in off:
                festival = FESTIVALS.get(name, name)
                if festival not in off[day]:
                    problems.append(f"holiday {off[day]!r} here, {festival!r} in chinesecalendar")
            if problems:
                failed += 1
                print(f"{day}: " + "; ".join(problems))
            else:
                passed += 1
            day += datetime.timedelta(days=1)
    print(f"calendar: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
