"""The content in plans/: schema types and the strict loader, with errors that name the
file and the key.
"""
