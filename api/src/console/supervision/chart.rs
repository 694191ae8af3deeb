//! Charts drawn on the server as SVG (no script): bars per group and a line per month, each
//! with its numbers written beside it, so the figures are read without the picture too.

use maud::{Markup, html};

const WIDTH: i64 = 720;
const LABEL: i64 = 200;
const ROW: i64 = 24;
const BAR_SPACE: i64 = 420;

/// Horizontal bars, one per (label, value), the value beside each bar.
pub fn bars(title: &str, rows: &[(String, i64)]) -> Markup {
    let max = rows
        .iter()
        .map(|(_, value)| *value)
        .max()
        .unwrap_or(0)
        .max(1);
    let height = ROW * rows.len() as i64 + 8;
    html! {
        figure.chart {
            figcaption { (title) }
            svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label=(title)
                width=(WIDTH) height=(height) viewBox={ "0 0 " (WIDTH) " " (height) } {
                title { (title) }
                @for (n, (label, value)) in rows.iter().enumerate() {
                    @let y = ROW * n as i64 + 4;
                    @let length = BAR_SPACE * value.max(&0) / max;
                    text x=(LABEL - 8) y=(y + 15) text-anchor="end" font-size="13" { (label) }
                    rect x=(LABEL) y=(y) width=(length) height=(ROW - 6) fill="#2f5d8a" {}
                    text x=(LABEL + length + 6) y=(y + 15) font-size="13" { (value) }
                }
            }
        }
    }
}

/// A line through (label, value) points in order, each point's value above it and its label
/// below the axis.
pub fn line(title: &str, points: &[(String, i64)]) -> Markup {
    let max = points
        .iter()
        .map(|(_, value)| *value)
        .max()
        .unwrap_or(0)
        .max(1);
    let (top, plot, left) = (24, 160, 40);
    let step = if points.len() > 1 {
        (WIDTH - 2 * left) / (points.len() as i64 - 1)
    } else {
        0
    };
    let at = |n: usize, value: i64| {
        (
            left + step * n as i64,
            top + plot - plot * value.max(0) / max,
        )
    };
    let path = points
        .iter()
        .enumerate()
        .map(|(n, (_, value))| {
            let (x, y) = at(n, *value);
            format!("{x},{y}")
        })
        .collect::<Vec<_>>()
        .join(" ");
    let height = top + plot + 40;
    html! {
        figure.chart {
            figcaption { (title) }
            svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label=(title)
                width=(WIDTH) height=(height) viewBox={ "0 0 " (WIDTH) " " (height) } {
                title { (title) }
                line x1=(left) y1=(top + plot) x2=(WIDTH - left) y2=(top + plot) stroke="#888" {}
                polyline points=(path) fill="none" stroke="#2f5d8a" stroke-width="2" {}
                @for (n, (label, value)) in points.iter().enumerate() {
                    @let (x, y) = at(n, *value);
                    circle cx=(x) cy=(y) r="3" fill="#2f5d8a" {}
                    text x=(x) y=(y - 8) text-anchor="middle" font-size="12" { (value) }
                    text x=(x) y=(top + plot + 18) text-anchor="middle" font-size="12" { (label) }
                }
            }
        }
    }
}
