"""Documents, the bodies that issue them, the sources that report them, their key points, the
relations between them and the events that disseminated them: models and their admin only."""
