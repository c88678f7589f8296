"""The form model: plain data that the service, the build and the tests share."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from forms.definitions.stadtteile import STADTTEILE

FIELD_TYPES = ("text", "email", "textarea", "choice", "checkbox", "consent")
KINDS = ("contact", "quiz", "registration")
RESERVED_NAMES = ("website", "altcha", "submission_id")
OPTION_SOURCES = ("prizes", "stadtteile")
TEXT_FORMATS = ("briefcode",)
DEFAULT_MAX_LENGTH = {"text": 200, "email": 254, "textarea": 5000}


@dataclass(frozen=True)
class Option:
    """One answer a person can pick."""

    value: str
    label: str


@dataclass(frozen=True)
class Field:
    """One input of a form."""

    name: str
    label: str
    type: str
    required: bool = True
    hint: str = ""
    max_length: int | None = None
    options: tuple[Option, ...] = ()
    multiple: bool = False
    options_from: str = ""
    autocomplete: str = ""
    inputmode: str = ""
    required_message: str = ""
    format: str = ""

    @property
    def is_list(self) -> bool:
        """Whether the value is a list of chosen options."""
        return self.type == "choice" and self.multiple


@dataclass(frozen=True)
class Question:
    """One quiz question; `answer` never leaves the service."""

    id: str
    text: str
    options: tuple[Option, ...]
    answer: str
    hint: str = ""

    @property
    def name(self) -> str:
        """The key the answer is posted under (shared naming with fields)."""
        return self.id

    @property
    def required(self) -> bool:
        """Every question must be answered."""
        return True


@dataclass(frozen=True)
class Prize:
    """One raffle of a quiz."""

    id: str
    label: str
    count: int


@dataclass(frozen=True)
class Event:
    """The date a registration form takes seats for; mails and closing times read it."""

    title: str
    start: datetime
    end: datetime
    place: str
    page: str


@dataclass(frozen=True)
class Example:
    """A named submission the tests run: valid ones must pass, invalid ones name their errors."""

    name: str
    data: dict
    valid: bool
    errors: tuple[str, ...] = ()


@dataclass(frozen=True)
class FormDefinition:
    """Everything the service and the site know about one form."""

    id: str
    title: str
    kind: str
    fields: tuple[Field, ...]
    success_url: str
    retention_days: int
    path: str = ""
    description: str = ""
    opens: datetime | None = None
    closes: datetime | None = None
    questions: tuple[Question, ...] = ()
    prizes: tuple[Prize, ...] = ()
    notify: tuple[str, ...] = ()
    one_entry_per: str = ""
    confirm_to: str = ""
    panel_pool: bool = False
    confirm: bool | None = None
    capacity: int = 0
    event: Event | None = None
    reminder_days: int = 0
    success_message: str = "Vielen Dank! Ihre Angaben sind bei uns eingegangen."
    examples: tuple[Example, ...] = field(default=(), compare=False)

    def status(self, now: datetime) -> str:
        """Say whether the form takes entries at `now`: open, not_yet_open or closed."""
        if self.opens and now < self.opens:
            return "not_yet_open"
        if self.closes and now > self.closes:
            return "closed"
        if self.event and now >= self.event.start:
            return "closed"  # a registration closes at the start even without a deadline
        return "open"

    @property
    def needs_confirmation(self) -> bool:
        """Whether entries wait for a click in a mail (double opt-in) before they count.

        On by default for forms that draw or grant something (a quiz, a Bürgerrat pool), so an
        entry made with someone else's address neither counts nor locks its owner out.
        """
        if self.kind == "registration":
            return True  # seats go to confirmed addresses only (forms.storage.seats)
        if self.confirm is not None:
            return self.confirm
        return self.kind == "quiz" or self.panel_pool

    @property
    def inputs(self) -> tuple[Field | Question, ...]:
        """Fields and questions in page order (questions first in a quiz)."""
        return (*self.questions, *self.fields)

    @property
    def raffle_field(self) -> Field | None:
        """The field where an entrant picks raffles, if any."""
        return next((f for f in self.fields if f.options_from == "prizes"), None)

    def options_for(self, item: Field) -> tuple[Option, ...]:
        """The options a choice field offers (a quiz's raffle field offers the prizes)."""
        if item.options_from == "prizes":
            return tuple(Option(prize.id, prize.label) for prize in self.prizes)
        if item.options_from == "stadtteile":
            return tuple(Option(name, name) for name in STADTTEILE)
        return item.options

    def label_of(self, name: str) -> str:
        """The label an error summary shows for a field or question."""
        for item in self.fields:
            if item.name == name:
                return item.label
        for question in self.questions:
            if question.id == name:
                return question.text
        return name
