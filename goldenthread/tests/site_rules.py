"""Who may use the site-wide pages outside any app: part of the permission matrix
(goldenthread/tests/test_permission_matrix.py)."""

from goldenthread.tests.matrix import Rule, everyone

RULES: dict[str, Rule] = {
    # Public sector sites must publish their accessibility statement to everyone.
    "accessibility": Rule(everyone()),
}
