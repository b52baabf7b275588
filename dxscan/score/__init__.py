"""Score: rule results and measures -> the scorecard (`card`), and the debt ranking of findings
(`debt`). Pure: no I/O."""

from dxscan.score.card import DIMENSIONS, GRADES, grade, scorecard

__all__ = ["DIMENSIONS", "GRADES", "grade", "scorecard"]
