"""Impact: what the network achieves, in figures (issue 16).

``figures`` holds the one definition of each figure (the funnel of young people,
requests by state, kind and outcome, answers and their delay, declines, expiries, active
professionals and their load, three-month outcomes), computed by aggregate SQL over a
:class:`~members.impact.figures.Scope` (a period and, optionally, structures, a
territory, a kind of structure or a company), and the small-count rule for readers who
may not see the people behind a figure. ``regions`` groups the départements by region.
"""
