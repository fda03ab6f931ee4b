"""Participants (pseudonyms, labels A–E, typed attributes) and cases."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from tema.domain.events import recorded
from tema.errors import Conflict, InvalidInput, NotFound
from tema.i18n import _
from tema.store import models as m
from tema.text import clean_name, name_key, nb_sort_key

ATTR_TYPES = ("text", "number", "boolean", "date")


def parse_attr(spec: str) -> tuple[str, str, str]:
    """`key=value` or `key:type=value` → (key, value, type); the type is checked."""
    if "=" not in spec:
        raise InvalidInput(_("--attr {spec!r}: expected key=value").format(spec=spec))
    key, value = spec.split("=", 1)
    key, value = clean_name(key), value.strip()
    vtype = "text"
    if ":" in key:
        key, vtype = (s.strip() for s in key.rsplit(":", 1))
    if not key:
        raise InvalidInput(_("--attr {spec!r}: empty key").format(spec=spec))
    if vtype not in ATTR_TYPES:
        raise InvalidInput(_("--attr {spec!r}: type must be one of {types}").format(spec=spec, types=', '.join(ATTR_TYPES)))
    try:
        if vtype == "number":
            float(value.replace(",", "."))
        elif vtype == "boolean" and value.lower() not in {"ja", "nei", "true", "false", "yes", "no", "1", "0"}:
            raise ValueError(value)
        elif vtype == "date":
            date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(_("--attr {spec!r}: {value!r} is not a {type}").format(spec=spec, value=value, type=vtype)) from None
    return key, value, vtype


def find_participant(session: Session, ref: str) -> m.Participant:
    p = lookup_participant(session, ref)
    if p is None:
        raise NotFound(_("participant {ref!r}: not found").format(ref=ref))
    return p


def lookup_participant(session: Session, ref: str) -> m.Participant | None:
    ref = clean_name(ref)
    for p in session.scalars(select(m.Participant)):
        if name_key(p.pseudonym) == name_key(ref) or (p.label and p.label == ref):
            return p
    return None


def upsert_participant(
    session: Session,
    pseudonym: str,
    *,
    label: str | None = None,
    attributes: list[tuple[str, str, str]] | None = None,
    case: str | None = None,
    coder_id: int | None = None,
) -> m.Participant:
    pseudonym = clean_name(pseudonym)
    if not pseudonym:
        raise InvalidInput(_("participant name must not be empty"))
    with recorded(session, "participant.upsert", f"participant {pseudonym}", coder_id):
        p = lookup_participant(session, pseudonym)
        if p is None:
            p = m.Participant(pseudonym=pseudonym)
            session.add(p)
        if label is not None:
            label = clean_name(label)
            other = session.scalars(select(m.Participant).where(m.Participant.label == label)).first()
            if other is not None and other is not p:
                raise Conflict(_("--label {label}: already used by {pseudonym}").format(label=label, pseudonym=other.pseudonym))
            p.label = label
        session.flush()
        for key, value, vtype in attributes or []:
            set_participant_attribute(session, p, key, value, vtype)
        if case:
            add_to_case(session, p, case)
    return p


def set_participant_attribute(session: Session, p: m.Participant, key: str, value: str, vtype: str = "text") -> None:
    existing = next((a for a in p.attributes if a.key == key), None)
    if existing is None:
        p.attributes.append(m.ParticipantAttribute(key=key, value=value, value_type=vtype))
    else:
        existing.value, existing.value_type = value, vtype
    session.flush()


def upsert_case(session: Session, name: str, attributes: list[tuple[str, str, str]] | None = None) -> m.Case:
    name = clean_name(name)
    case = session.scalars(select(m.Case).where(m.Case.name == name)).first()
    if case is None:
        case = m.Case(name=name)
        session.add(case)
        session.flush()
    for key, value, vtype in attributes or []:
        existing = next((a for a in case.attributes if a.key == key), None)
        if existing is None:
            case.attributes.append(m.CaseAttribute(key=key, value=value, value_type=vtype))
        else:
            existing.value, existing.value_type = value, vtype
    session.flush()
    return case


def add_to_case(session: Session, p: m.Participant, case_name: str) -> m.Case:
    case = upsert_case(session, case_name)
    if session.get(m.CaseMember, (case.id, p.id)) is None:
        session.add(m.CaseMember(case_id=case.id, participant_id=p.id))
        session.flush()
    return case


def list_participants(session: Session) -> list[m.Participant]:
    rows = list(session.scalars(select(m.Participant)))
    return sorted(rows, key=lambda p: (p.label is None, nb_sort_key(p.label or ""), nb_sort_key(p.pseudonym)))


def participant_cases(session: Session, participant_id: int) -> list[m.Case]:
    stmt = select(m.Case).join(m.CaseMember, m.CaseMember.case_id == m.Case.id).where(
        m.CaseMember.participant_id == participant_id
    )
    return list(session.scalars(stmt))


def assign_documents(session: Session, p: m.Participant, doc_refs: list[str], coder_id: int | None = None) -> list[str]:
    """Make ``p`` the participant of the named documents (title or id); returns their titles."""
    from tema.domain.documents import find_document

    docs = [find_document(session, ref) for ref in doc_refs]
    if not docs:
        return []
    with recorded(session, "participant.documents", f"{', '.join(d.title for d in docs)} → participant {p.pseudonym}",
                  coder_id):
        for d in docs:
            d.participant_id = p.id
    return [d.title for d in docs]
