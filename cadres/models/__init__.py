"""The models of the cadres app, one module per subject."""

from cadres.models.assessment import AssessmentPeriod, ClassificationBand, CriteriaFramework, Criterion
from cadres.models.authorities import Authority
from cadres.models.positions import Position, PositionGroup, PositionTier
from cadres.models.standards import Standard
from cadres.models.training import TrainingGroup

__all__ = [
    "AssessmentPeriod",
    "Authority",
    "ClassificationBand",
    "CriteriaFramework",
    "Criterion",
    "Position",
    "PositionGroup",
    "PositionTier",
    "Standard",
    "TrainingGroup",
]
