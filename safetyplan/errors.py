"""Every error the program shows to a person, each with a kind, plain message."""

from __future__ import annotations


class PlanError(Exception):
    """Base class of every error that is shown to the user.

    The message (``str(error)``) is a complete, kind sentence in plain words. It never
    contains a passphrase or any text from inside a plan.
    """


# --- The age file format -------------------------------------------------------------


class AgeError(PlanError):
    """Base class of every error raised while reading an age file."""


class NotAgeFileError(AgeError):
    """The data does not start like an age file at all."""


class UnsupportedAgeFileError(AgeError):
    """An age file, but not one this program can open (a key recipient, several stanzas)."""


class HeaderError(AgeError):
    """The header of an age file is damaged or does not follow the format exactly."""


class WorkFactorError(AgeError):
    """The file asks for more key-derivation work than we allow. Refused before any work."""


class WrongPassphraseError(AgeError):
    """The passphrase does not open this file."""


class BodyError(AgeError):
    """The encrypted body is damaged, cut short, extended or changed."""


# --- The plan document inside the file ----------------------------------------------


class DocumentError(PlanError):
    """The decrypted content is not a plan, or is not one this version understands."""


class NewerVersionError(DocumentError):
    """The plan was written by a newer version of the program."""


class TwoWordings(PlanError):
    """An error with words for the app and other words for a command.

    ``str(error)`` is for the app, which keeps the changes in memory and says so;
    :attr:`command_line` says the same for a command, whose process ends.
    """

    def __init__(self, message: str, command_line: str) -> None:
        """Keep both wordings.

        Args:
            message: The app's words.
            command_line: The command line's words.
        """
        super().__init__(message)
        self.command_line = command_line
        """The message for a command that ends: it never says the changes are kept."""


class PlanNotSavedError(TwoWordings, DocumentError):
    """A plan was not saved because of what it holds (too large once saved, or a value
    that cannot be stored). Nothing on disk changed."""


# --- Guides (content in plans/) -----------------------------------------------------


class ContentError(PlanError):
    """A guide file in ``plans/`` is not valid. The message names the file and the key."""


# --- Storage ------------------------------------------------------------------------


class StorageError(PlanError):
    """Base class of errors while finding, reading or writing plan files."""


class PlanNotFoundError(StorageError):
    """No plan with this name exists in the plans folder."""


class PlanExistsError(StorageError):
    """A plan with this name exists already."""


class BadPlanNameError(StorageError):
    """The name cannot be used for a plan file."""


class PlanChangedError(StorageError):
    """The plan file changed on disk since it was opened; we will not overwrite it."""


class PlanBusyError(StorageError):
    """Another copy of the program is saving this plan right now."""


class SaveError(StorageError):
    """The plan could not be written (full or read-only disk). The old file is intact."""


class FolderError(StorageError):
    """The plans folder is missing, unreadable or cannot be made."""


class SaveFailedError(TwoWordings, SaveError):
    """A save (or delete, rename) failed because of the disk. Nothing on disk changed."""


class FileTooLargeError(StorageError):
    """A file is larger than anything this program reads; it was not read."""


class FileChangedError(StorageError):
    """A file was swapped for another while it was being opened; it was not read."""


class NotEnoughMemoryError(PlanError):
    """This computer does not have enough free memory right now (for the key or to start)."""


NOT_ENOUGH_MEMORY = "Not enough free memory to go on. Close other programs and try again."
"""What the command line says when memory runs out, at start or during a command."""


_MAP_FAILED = ("failed to map segment", "cannot allocate memory")
"""How the system words a library that could not be loaded for lack of memory."""


def short_of_memory(error: BaseException | None) -> bool:
    """True when an error comes from memory running out (in the key derivation, say).

    The age module turns a MemoryError of scrypt into a WorkFactorError; the
    MemoryError is still its context. A library that cannot be loaded because memory
    is short raises an ImportError that says so.
    """
    if error is None:
        return False
    if isinstance(error, MemoryError) or isinstance(error.__context__, MemoryError):
        return True
    return isinstance(error, ImportError) and any(
        words in str(error).lower() for words in _MAP_FAILED
    )
