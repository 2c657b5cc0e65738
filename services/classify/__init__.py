"""Classify: read typed signals (siege, aid blocked, stocks running out...) out of a dispatch."""
