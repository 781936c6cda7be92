"""Bytes on disk, encrypted: the age format, careful file I/O, the plans folder and its
paths, settings. Knows nothing of what a plan means.
"""
