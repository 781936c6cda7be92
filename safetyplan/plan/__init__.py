"""The plan's meaning: the model, the TOML document, progress and the ordering guard,
review and export, check, and an open plan.
"""
