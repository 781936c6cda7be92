"""Plan files: creating, opening and atomically saving them, and their previous versions.

The bytes on disk (locks, the atomic replace, the previous version) are in
``vault.planfile``; listing, naming, deleting and renaming plans in ``vault.folder``.
"""

from __future__ import annotations

import dataclasses
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from safetyplan.errors import (
    DocumentError,
    PlanChangedError,
    PlanNotFoundError,
    WrongPassphraseError,
)
from safetyplan.plan.model import Plan, utc_now
from safetyplan.vault import diskio
from safetyplan.vault.age import DEFAULT_WORK_FACTOR, MAX_WORK_FACTOR, AgeSession
from safetyplan.vault.folder import PlanStore, exists_error, not_found
from safetyplan.vault.paths import ensure_dir
from safetyplan.vault.planfile import CHANGED, PlanFile, read_plan_file, relock_damaged, unlock

# The document module is imported only when a plan is opened or saved: listing, naming
# and deleting plans at start-up stay light.
if TYPE_CHECKING:
    from safetyplan.plan.document import PlanDocument

# --- An open plan -------------------------------------------------------------------


class OpenPlan:
    """An unlocked plan: its content, and what is needed to save it quickly.

    Saving may run in a worker thread: give :meth:`save` a snapshot of the plan. Saves
    are serialized by a lock. The key stays in memory until :meth:`close`.
    """

    def __init__(
        self,
        store: PlanStore,
        name: str,
        session: AgeSession,
        doc: PlanDocument | None,
        plan: Plan,
        expected: bytes | None,
        *,
        read: dict[str, Any] | None = None,
        from_backup: bool = False,
        new: bool = False,
    ) -> None:
        """Internal: use :func:`create_plan`, :func:`open_plan` or :func:`open_backup`."""
        self.file = PlanFile(store, name, expected, new=new, from_backup=from_backup)
        """The plan's file on disk."""
        self.plan = plan
        """The plan being edited."""
        self._session: AgeSession | None = session
        self._doc: PlanDocument | None = doc
        """The document saves go into (None until the first save needs it)."""
        self._read = read
        """The plain values read from the file, until the first save makes them the
        document (:meth:`prepare` may do that earlier)."""
        self._counter = plan.save_counter
        self._lock = threading.Lock()

    @property
    def store(self) -> PlanStore:
        """The plans folder."""
        return self.file.store

    @property
    def name(self) -> str:
        """The plan's name (its file is ``NAME.age``)."""
        return self.file.name

    @property
    def from_backup(self) -> bool:
        """True until the first save of a plan opened from its previous version."""
        return self.file.from_backup

    @property
    def kept_aside(self) -> Path | None:
        """Where the first save of a plan opened from its previous version put the
        damaged file (``NAME.age.damaged``...), or None."""
        return self.file.kept_aside

    @property
    def changed_elsewhere(self) -> bool:
        """True once the file was found changed on disk since it was opened here.

        From then on this copy never writes the plan again, under any name: the file may
        have a new passphrase because someone learned the old one, or have been deleted
        so that it is gone. Every save raises :class:`PlanChangedError` at once.
        """
        return self.file.changed_elsewhere

    @property
    def work_factor(self) -> int:
        """The scrypt work factor (log2 N) of the plan file."""
        return self._key().work_factor

    def save(self, plan: Plan | None = None) -> None:
        """Save the plan atomically, keeping the previous version as ``NAME.age.bak``.

        When the plan was opened from its previous version, the damaged file is kept
        aside as ``NAME.age.damaged`` first, never overwritten.

        Args:
            plan: A snapshot to save (from a worker thread), or None for :attr:`plan`.
                Its ``updated`` and ``save_counter`` are set after the save, and so are
                those of :attr:`plan`.

        Raises:
            PlanChangedError: Another copy of the program changed the file meanwhile.
            PlanBusyError: Another copy of the program is saving the plan right now.
            SaveError: The disk is full, read-only or failing. Nothing on disk changed.
            DocumentError: The plan has grown too large.
        """
        with self._lock:
            session, doc = self._live()
            if self.file.changed_elsewhere:
                raise PlanChangedError(CHANGED)
            data, written = self._encrypt(session, doc, self.plan if plan is None else plan)
            self.file.commit(data)
            self._saved(written, plan)

    def change_passphrase(
        self,
        passphrase: str,
        *,
        work_factor: int = DEFAULT_WORK_FACTOR,
        old_passphrase: str | None = None,
    ) -> list[Path]:
        """Lock the plan with a new passphrase (new salt and new file key). Slow: scrypt.

        The previous version (``NAME.age.bak``) used the old passphrase, so it is
        removed, not kept: the usual reason to change a passphrase is that someone else
        learned the old one. It is removed *before* the new file takes the plan's place,
        so that once this returns no file of the plan opens with the old passphrase, and
        a stop at any moment leaves a plan that opens with one of the two. Damaged copies
        kept aside by a restore (``NAME.age.damaged``...) that the old passphrase opens
        are locked with the new one too.

        Args:
            passphrase: The new passphrase (not empty).
            work_factor: log2 of the scrypt N for the new passphrase.
            old_passphrase: The passphrase the plan was opened with, for damaged copies
                made under another salt (without it, only those with this plan's
                header can be locked again).

        Returns:
            The damaged copies that are now locked with the new passphrase.

        Raises:
            PlanChangedError, PlanBusyError, SaveError: As in :meth:`save`; the file
                keeps its old passphrase.
            StorageError: The previous version could not be removed (the message names
                the file); the passphrase was not changed.
        """
        with self._lock:
            old, doc = self._live()
            if self.file.changed_elsewhere:
                raise PlanChangedError(CHANGED)
            session = AgeSession.create(passphrase, work_factor=work_factor)
            data, written = self._encrypt(session, doc, self.plan)
            self.file.commit(data, drop_backup=True)
            self._session = session  # the file now has the new passphrase
            self._saved(written, None)
            return relock_damaged(self.file, old, session, old_passphrase)

    def replace_content(self, doc: PlanDocument) -> None:
        """Put new content (an imported document) in place of the plan's; save after.

        Args:
            doc: A document from :func:`safetyplan.plan.document.parse_import`.

        Raises:
            DocumentError: The document is not a plan.
        """
        with self._lock:
            self._key()
            from safetyplan.plan.document import plan_from_document

            plan = plan_from_document(doc)
            plan.save_counter = max(plan.save_counter, self._counter)
            self._doc, self._read, self.plan = doc, None, plan

    def prepare(self) -> None:
        """Build the document saves go into now (in a worker thread, say), so that the
        first save is as quick as the others. Does nothing if it is built already."""
        with self._lock:
            if self._session is not None:
                self._live()

    def to_toml(self) -> str:
        """The plan's TOML as last read or saved (for ``export``; not padded).

        Exact: every value comes back the same through ``import``. Control and bidi
        characters are written as TOML escapes (``\\u001b``), never raw.
        """
        with self._lock:
            return self._live()[1].as_string()

    def check_passphrase(self, passphrase: str) -> bool:
        """True when a passphrase opens this plan as it is held in memory. Slow: scrypt.

        Used to unlock a plan kept in memory because its last save failed: the file on
        disk may be gone (a removed USB stick) or older than what is held.
        """
        try:
            AgeSession.unlock(self._key().encrypt(b""), passphrase)
        except WrongPassphraseError:
            return False
        return True

    def close(self) -> None:
        """Forget the key and the document. The plan cannot be saved after this."""
        with self._lock:
            self._session = self._doc = self._read = None

    def _key(self) -> AgeSession:
        """The session that saves this plan, while it is open."""
        if self._session is None:
            raise RuntimeError("This plan is closed.")
        return self._session

    def _live(self) -> tuple[AgeSession, PlanDocument]:
        """The session and the document saves go into (built now if it is not yet)."""
        session = self._key()
        if self._doc is None and self._read is not None:
            from safetyplan.plan.document import build_document

            try:
                doc = build_document(self._read)
            except RecursionError:  # read_plan refuses such files; this is a last guard
                raise DocumentError(
                    "This plan cannot be saved: its content is nested too deeply."
                ) from None
            self._doc, self._read = doc, None
        if self._doc is None:
            raise RuntimeError("This plan is closed.")
        return session, self._doc

    def _encrypt(self, session: AgeSession, doc: PlanDocument, plan: Plan) -> tuple[bytes, Plan]:
        counter = max(self._counter, plan.save_counter) + 1
        written = dataclasses.replace(plan, updated=utc_now(), save_counter=counter)
        from safetyplan.plan.document import dumps, update_document

        update_document(doc, written)
        return session.encrypt(dumps(doc)), written

    def _saved(self, written: Plan, snapshot: Plan | None) -> None:
        self._counter = written.save_counter
        for plan in (self.plan, snapshot):
            if plan is not None:
                plan.updated = written.updated
                plan.save_counter = written.save_counter


# --- Opening and creating -----------------------------------------------------------


def create_plan(
    store: PlanStore,
    name: str,
    passphrase: str,
    *,
    work_factor: int = DEFAULT_WORK_FACTOR,
    document: PlanDocument | None = None,
) -> OpenPlan:
    """Make a new plan and save it. Slow: runs scrypt once.

    Args:
        store: The plans folder.
        name: The new plan's name.
        passphrase: Its passphrase (not empty).
        work_factor: log2 of the scrypt N.
        document: Content to start with (from ``import``), or None for an empty plan.

    Returns:
        The new plan, open.

    Raises:
        PlanExistsError: A plan with this name exists.
        BadPlanNameError: The name cannot be used.
        FolderError: The folder cannot be made or written.
        SaveError: The disk is full or read-only.
        DocumentError: ``document`` is not a plan.
    """
    name = store.validate_name(name)
    ensure_dir(store.folder)
    if store.exists(name) or store.damaged_paths(name):
        raise exists_error(name)
    from safetyplan.plan.document import new_document, plan_from_document

    doc = document if document is not None else new_document()
    plan = plan_from_document(doc)
    session = AgeSession.create(passphrase, work_factor=work_factor)
    opened = OpenPlan(store, name, session, doc, plan, None, new=True)
    opened.save()
    return opened


def open_plan(
    store: PlanStore, name: str, passphrase: str, *, max_work_factor: int = MAX_WORK_FACTOR
) -> OpenPlan:
    """Open a plan with its passphrase. Slow: runs scrypt once.

    Args:
        store: The plans folder.
        name: The plan's name.
        passphrase: The passphrase as typed.
        max_work_factor: The largest scrypt work factor to accept.

    Returns:
        The open plan.

    Raises:
        PlanNotFoundError: There is no such plan.
        AgeError: A subclass: wrong passphrase, damaged file, work factor too high...
        DocumentError: The content is damaged or not a plan.
        NewerVersionError: The plan was made by a newer version.
        StorageError: The file cannot be read.
    """
    name = store.validate_name(name)
    data = read_plan_file(store.path(name))
    if data is None:
        raise not_found(store, name)
    session, plaintext = AgeSession.unlock(data, passphrase, max_work_factor=max_work_factor)
    from safetyplan.plan.document import read_plan

    raw, plan = read_plan(plaintext)
    store.clean_if_idle(name)
    return OpenPlan(store, name, session, None, plan, diskio.digest(data), read=raw)


def open_backup(
    store: PlanStore,
    name: str,
    passphrase: str,
    *,
    max_work_factor: int = MAX_WORK_FACTOR,
    session: AgeSession | None = None,
) -> OpenPlan:
    """Open the previous version of a plan whose file is damaged.

    Nothing changes on disk until :meth:`OpenPlan.save`, which first keeps the damaged
    file aside as ``NAME.age.damaged`` and then makes this version the plan. Ask the
    person before saving.

    Args:
        store: The plans folder.
        name: The plan's name.
        passphrase: The passphrase as typed.
        max_work_factor: The largest scrypt work factor to accept.
        session: A session that opened another file of this plan, reused when the
            previous version has the same header (no second key derivation).

    Returns:
        The previous version, open, with ``from_backup`` set.

    Raises:
        PlanNotFoundError: There is no previous version.
        AgeError, DocumentError, StorageError: As in :func:`open_plan`.
    """
    name = store.validate_name(name)
    data = read_plan_file(store.backup_path(name))
    if data is None:
        raise PlanNotFoundError(f'There is no earlier version of the plan "{name}".')
    session, plaintext = unlock(data, passphrase, max_work_factor, session)
    from safetyplan.plan.document import read_plan

    raw, plan = read_plan(plaintext)
    current = read_plan_file(store.path(name))
    return OpenPlan(
        store, name, session, None, plan, diskio.digest(current), read=raw, from_backup=True
    )
