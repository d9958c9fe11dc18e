"""The golden thread's shape, and the registry through which other apps hang things on it.

An app that links its records to objectives (indicators, actions, risks, appraisal
objectives) registers a contributor in its AppConfig.ready(): a function that takes
objective ids and returns, for each, the items hanging from it. The thread page and
diagram then show them beside the objectives, with no change here.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ThreadItem:
    """Something hanging from an objective: an indicator, an action, a risk..."""

    kind: str  # "Indicator", "Action", ...
    title: str
    url: str
    link_kind: str  # "direct" or "contributory"
    status: str = ""  # a short status label, such as a RAG status
    status_class: str = ""  # the CSS modifier for the status, such as "gt-rag--red"


@dataclass
class ThreadNode:
    """One node of the thread tree as shown: vision, plan, theme or objective."""

    kind: str  # "vision" | "plan" | "theme" | "objective"
    level_label: str
    title: str
    url: str = ""
    link_kind: str = ""  # how this node contributes to the node above it
    is_current: bool = False
    object_id: int | None = None
    children: list["ThreadNode"] = field(default_factory=list)
    items: list[ThreadItem] = field(default_factory=list)

    def walk(self) -> Iterable["ThreadNode"]:
        yield self
        for child in self.children:
            yield from child.walk()


Contributor = Callable[[list[int]], dict[int, list[ThreadItem]]]
_contributors: list[Contributor] = []


def register_contributor(contributor: Contributor) -> None:
    if contributor not in _contributors:
        _contributors.append(contributor)


def items_for(objective_ids: list[int]) -> dict[int, list[ThreadItem]]:
    """Everything the registered apps hang on these objectives, in registration order."""
    found: dict[int, list[ThreadItem]] = {}
    for contributor in _contributors:
        for objective_id, items in contributor(objective_ids).items():
            found.setdefault(objective_id, []).extend(items)
    return found
