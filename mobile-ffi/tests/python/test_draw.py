"""The 双随机 draw through the binding: the known answers of core/tests/vectors/draw.py, an
implementation independent of custos-core (path in CUSTOS_DRAW_VECTORS)."""

import json
import os
import unittest

import custos_ffi

with open(os.environ["CUSTOS_DRAW_VECTORS"], encoding="utf-8") as vector_file:
    DRAWS = json.load(vector_file)["draws"]


def redo(vector, **changes):
    request = custos_ffi.DrawRequest(**{**vector["inputs"], **changes})
    if "log_size" in vector:
        return custos_ffi.redo_draw(request, vector["log_size"], vector["log_root"])
    return custos_ffi.draw_with_seed(request, vector["seed"])


class DrawTest(unittest.TestCase):
    def test_draws_match_the_independent_implementation(self):
        for number, vector in enumerate(DRAWS):
            with self.subTest(vector=number):
                result = vector["result"]
                expected = custos_ffi.DrawOutcome(
                    inputs_sha256=vector["inputs_sha256"],
                    seed=vector["seed"],
                    targets=result["targets"],
                    assignments=[custos_ffi.DrawAssignment(**a) for a in result["assignments"]],
                )
                self.assertEqual(redo(vector), expected)

    def test_order_and_repeats_of_the_lists_do_not_matter(self):
        vector = DRAWS[0]
        inputs = vector["inputs"]
        shuffled = redo(vector, targets=inputs["targets"][::-1] + inputs["targets"][:2], inspectors=inputs["inspectors"][::-1])
        self.assertEqual(shuffled, redo(vector))

    def test_a_team_of_one_is_invalid_input(self):
        with self.assertRaises(custos_ffi.CustosError.InvalidInput) as raised:
            redo(DRAWS[0], team_size=1)
        self.assertEqual(raised.exception.reason, "team size 1 is below the two inspectors Art. 42 requires")


if __name__ == "__main__":
    unittest.main()
