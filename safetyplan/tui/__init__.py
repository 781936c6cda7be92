"""The Textual face: the app, its screens, dialogs and widgets, themes, and every use of a
private Textual name.
"""
