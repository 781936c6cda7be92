"""Walking through a guide's steps: questions, status, notes, the ordering guard, moving about."""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING

from safetyplan.guides.content import Guide, Step
from safetyplan.line import words
from safetyplan.line.asker import Asker, Command, choose
from safetyplan.line.guard import GoHome, ask_guard, pick_step
from safetyplan.line.io import Interrupted
from safetyplan.line.prompts import ask_lines, ask_prompt
from safetyplan.plan.model import Answer, GuardChoice, StepStatus
from safetyplan.plan.progress import prompt_visible
from safetyplan.safetext import safe_line, safe_text

if TYPE_CHECKING:
    from safetyplan.line.app import LineApp
    from safetyplan.plan.session import GuardQuestion, PlanSession

STEP_COMMANDS = ("back", "skip", "go", "steps", "status", "notes", "home", "lock")
"""The commands that work on every question of a step."""
_MOVES = {"skip": "next", "back": "back", "steps": "steps"}


class Phase(Enum):
    """Where in a step the person is."""

    QUESTIONS = "questions"
    STATUS = "status"
    NOTES = "notes"
    END = "end"


class Moved(Exception):
    """Leave the step: to another one, or to the list of steps."""

    def __init__(self, where: str, index: int = -1) -> None:
        """Say where to go: "next", "back", "go" (with ``index``) or "steps"."""
        super().__init__(where)
        self.where = where
        self.index = index


class StepWalk:
    """One guide, step by step. Every answer goes to the plan session at once."""

    def __init__(self, app: LineApp, guide: Guide) -> None:
        """Walk ``guide`` of the app's open plan."""
        self.app = app
        self.guide = guide
        self.asker = Asker(app.io, STEP_COMMANDS)

    @property
    def session(self) -> PlanSession:
        """The open plan."""
        return self.app.open_session

    def run(self, step_id: str) -> None:
        """Walk from a step until the person goes home or past the last step.

        Raises:
            Command: ``/lock`` was typed (the app locks, then comes back here).
            Interrupted: Leaving or locking.
        """
        try:
            self._walk(max(self.guide.index(step_id), 0))
        except GoHome:
            return

    def _walk(self, index: int) -> None:
        came_from: int | None = None
        at_end = False
        while True:
            if not at_end:
                shown = self._through_guard(index)
                if shown is None:  # stepped back at the guard
                    if came_from is None:
                        return
                    index, at_end = came_from, True
                    continue
                index = shown
            try:
                self._show(index, Phase.END if at_end else Phase.QUESTIONS)
            except Moved as moved:
                at_end = False
                target = self._target(moved, index)
                if target is None:
                    at_end = True
                    continue
                if target >= len(self.guide.steps):
                    self.asker.say(words.LAST_STEP.format(guide=safe_line(self.guide.title)))
                    return
                came_from, index = index, target

    def _target(self, moved: Moved, index: int) -> int | None:
        """The step a move goes to, or None to stay at the end of this one."""
        if moved.where == "next":
            return index + 1
        if moved.where == "back":
            if index == 0:
                self.asker.say(words.FIRST_STEP)
                return None
            return index - 1
        if moved.where == "go":
            return moved.index
        return pick_step(self.app.io, self.guide, self.session.plan, index)

    def _through_guard(self, index: int) -> int | None:
        """The step to show: this one, the earlier one chosen at the guard, or None."""
        step = self.guide.steps[index]
        question = self.session.guard_for(self.guide.id, step.id)
        if question is None:
            return index
        return self._guard(question, step)

    def _guard(self, question: GuardQuestion, step: Step) -> int | None:
        """Ask the guard's question; record the choice. The step to show, or None."""
        answer = ask_guard(self.app.io, question)
        if answer is None:
            return None
        if isinstance(answer, GuardChoice):
            self.session.choose_at_guard(self.guide.id, step.id, answer)
            self.app.save_change(words.SAVED_CHOICE)
            answer = step
        return self.guide.index(answer.id)

    def _show(self, index: int, phase: Phase) -> None:
        """One step, from ``phase`` on. Raises :class:`Moved` to leave it."""
        step = self.guide.steps[index]
        self.session.move_to(self.guide.id, step.id)
        self.app.save_change(None)
        self._title(index, words.STEP_TITLE if phase is Phase.QUESTIONS else words.YOU_ARE_ON)
        if phase is Phase.QUESTIONS:
            self._intro(step)
        while True:
            try:
                if phase is Phase.QUESTIONS:
                    self._questions(step)
                    phase = Phase.STATUS
                elif phase is Phase.STATUS:
                    self._status(step)
                    phase = Phase.NOTES
                elif phase is Phase.NOTES:
                    self._notes(step)
                    phase = Phase.END
                elif self.asker.line(words.END_OF_STEP, [words.STEP_HELP]).strip():
                    self.asker.say(words.ENTER_OR_COMMAND)
                else:
                    raise Moved("next")
            except Command as command:
                phase = self._command(command, phase)

    def _command(self, command: Command, phase: Phase) -> Phase:
        """Follow a command typed on a step: the phase to go on with, or a move."""
        if command.name == "status":
            return Phase.STATUS
        if command.name == "notes":
            return Phase.NOTES
        if command.name == "lock":
            raise command
        if command.name == "home":
            raise GoHome()
        if command.name == "go":
            number = command.argument.strip()
            total = len(self.guide.steps)
            if number.isdigit() and 1 <= int(number) <= total:
                raise Moved("go", int(number) - 1)
            self.asker.say(words.NO_STEP.format(number=safe_line(number), total=total))
            return phase
        raise Moved(_MOVES[command.name])

    def _title(self, index: int, template: str) -> None:
        step = self.guide.steps[index]
        self.asker.say(
            template.format(
                guide=safe_line(self.guide.title),
                number=index + 1,
                total=len(self.guide.steps),
                title=safe_line(step.title),
            )
        )

    def _intro(self, step: Step) -> None:
        self.asker.say(safe_text(step.why))
        if step.may_alert:
            self.asker.say(words.HEADS_UP.format(message=safe_text(step.alert_message)))
        if step.links:
            self.asker.say(words.WHERE_TO_GET_HELP)
            for link in step.links:
                label, detail = safe_line(link.label), safe_line(link.detail)
                self.asker.say(words.LINK.format(label=label, detail=detail))

    def _questions(self, step: Step) -> None:
        asker = self.asker.with_commands("clear")
        if not step.prompts:
            self.asker.say(words.NO_QUESTIONS)
        total = len(step.prompts)
        for number, prompt in enumerate(step.prompts, start=1):
            answers = self.session.record(self.guide.id, step.id).answers
            if not prompt_visible(prompt, answers):
                continue  # shown only for other answers: its number is skipped
            label = safe_line(prompt.label)
            self.asker.say(words.QUESTION.format(number=number, total=total, label=label))
            if prompt.help:
                self.asker.say(safe_text(prompt.help))
            try:
                answer = ask_prompt(asker, prompt, answers.get(prompt.id))
            except (Command, Interrupted) as stop:
                if stop.answer is not None:  # typed before leaving the question
                    self._answer(step, prompt.id, stop.answer, confirm=False)
                if not isinstance(stop, Command) or stop.name != "clear":
                    raise
                answer = ""
            if answer is not None:
                self._answer(step, prompt.id, answer)

    def _answer(self, step: Step, prompt_id: str, answer: Answer, *, confirm: bool = True) -> None:
        """Keep an answer, and save it, if it is not the one there already."""
        answers = self.session.record(self.guide.id, step.id).answers
        if answers.get(prompt_id, "") == answer or (not answer and prompt_id not in answers):
            return
        self.session.set_answer(self.guide.id, step.id, prompt_id, answer)
        self.app.save_change(words.SAVED if confirm else None)

    def _status(self, step: Step) -> None:
        record = self.session.record(self.guide.id, step.id)
        now = record.status.label if record.status else words.NO_STATUS
        self.asker.say(words.STATUS_QUESTION)
        statuses = list(StepStatus)
        picked = choose(
            self.asker,
            [status.label for status in statuses],
            empty=words.KEEP,
            note=words.STATUS_NOW.format(status=now),
            help=[words.STEP_HELP],
        )
        if picked is None or statuses[picked] is record.status:
            return
        status = statuses[picked]
        question = self.session.guard_for(self.guide.id, step.id)
        if status is StepStatus.DONE and question is not None:
            shown = self._guard(question, step)
            if shown is None:
                return
            if shown != self.guide.index(step.id):
                raise Moved("go", shown)
        self.session.set_status(self.guide.id, step.id, status)
        self.app.save_change(words.SAVED_STATUS.format(status=status.label))

    def _notes(self, step: Step) -> None:
        notes = self.session.record(self.guide.id, step.id).notes
        self.asker.say(words.NOTES_QUESTION)
        asker = self.asker.with_commands("clear")
        try:
            typed = ask_lines(asker, notes, [words.SEVERAL_LINES], "\n".join)
        except (Command, Interrupted) as stop:
            if isinstance(stop.answer, str):  # typed before leaving the notes
                self.session.set_notes(self.guide.id, step.id, stop.answer)
                self.app.save_change(None)
            if not isinstance(stop, Command) or stop.name != "clear":
                raise
            typed = ""
        if isinstance(typed, str) and typed != notes:
            self.session.set_notes(self.guide.id, step.id, typed)
            self.app.save_change(words.SAVED_NOTES)
