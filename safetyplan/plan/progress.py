"""Where a person is in their plan: progress, the ordering guard, where to resume."""

from __future__ import annotations

from dataclasses import dataclass

from safetyplan.guides.content import Guide, Prompt, Step
from safetyplan.plan.model import Answer, Plan, StepStatus


@dataclass(frozen=True)
class Progress:
    """How far a guide has come."""

    marked: int
    """Steps with any status."""
    done: int
    """Steps marked done."""
    total: int
    """Steps in the guide."""

    @property
    def words(self) -> str:
        """Progress in plain words, for example ``4 of 11 steps``."""
        return f"{self.marked} of {self.total} steps"


def progress(guide: Guide, plan: Plan) -> Progress:
    """Count the steps of a guide that have a status, and those that are done."""
    statuses = [plan.status(guide.id, step.id) for step in guide.steps]
    return Progress(
        marked=sum(status is not None for status in statuses),
        done=sum(status is StepStatus.DONE for status in statuses),
        total=len(guide.steps),
    )


def steps_to_do_first(guide: Guide, plan: Plan, step: Step) -> list[Step]:
    """The steps that should come before this one and are not done yet.

    Empty when the step has no ``after``, when those steps are done, or when the person
    already made a choice at the guard for this step.

    Args:
        guide: The guide the step belongs to.
        plan: The person's plan.
        step: The step they are about to open or mark.

    Returns:
        The earlier steps, in guide order, that are not marked done.
    """
    record = plan.peek(guide.id, step.id)
    if record is not None and record.guard is not None:
        return []
    waiting = []
    for step_id in step.after:
        earlier = guide.step(step_id)
        if earlier is not None and plan.status(guide.id, step_id) is not StepStatus.DONE:
            waiting.append(earlier)
    return waiting


def resume_point(guides: tuple[Guide, ...], plan: Plan) -> tuple[Guide, Step] | None:
    """The step to continue from: where the person was, else the first step without a status.

    Returns:
        The guide and step, or None when there are no guides.
    """
    for guide in guides:
        if guide.id == plan.current_guide:
            step = guide.step(plan.current_step or "")
            if step is not None:
                return guide, step
    for guide in guides:
        for step in guide.steps:
            if plan.status(guide.id, step.id) is None:
                return guide, step
    if guides and guides[0].steps:
        return guides[0], guides[0].steps[0]
    return None


def first_open_step(guide: Guide, plan: Plan) -> Step:
    """Where to start a guide: the first step without a status, else the first step."""
    for step in guide.steps:
        if plan.status(guide.id, step.id) is None:
            return step
    return guide.steps[0]


def prompt_visible(prompt: Prompt, answers: dict[str, Answer]) -> bool:
    """True when a prompt should be shown, given the step's other answers."""
    if not prompt.when:
        return True
    for condition in prompt.when:
        value = answers.get(condition.prompt)
        if isinstance(value, str):
            chosen = {value}
        elif isinstance(value, list):
            chosen = {item for item in value if isinstance(item, str)}
        else:
            chosen = set()
        if chosen & set(condition.any):
            return True
    return False
