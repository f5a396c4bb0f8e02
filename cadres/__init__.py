"""Positions and what applies to them (the 368 list, the 365 standards, the 366/198
assessment rules, the 377/148/142 authorities, the 145 training groups): models and their
admin only. Depends on ``regulations.models`` and nothing above it."""
