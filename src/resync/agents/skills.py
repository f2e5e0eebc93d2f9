"""Skills: short Markdown playbooks added to an agent's instructions for one message.

One file per skill in ``agents/skills/<id>.md``; the first line is ``# Title``. The
classifier names skills in ``matched_skills``; deterministic handlers follow the same
playbooks in code.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import structlog

from resync.agents.errors import AgentDefinitionError

log = structlog.get_logger(__name__)

SKILLS_DIR = Path(__file__).with_name("skills")
_ID = re.compile(r"[a-z][a-z0-9_]*")


@dataclass(frozen=True)
class Skill:
    id: str
    title: str
    body: str


class SkillLibrary:
    def __init__(self, skills: Iterable[Skill]) -> None:
        self._skills = {skill.id: skill for skill in skills}

    @classmethod
    def from_directory(cls, directory: Path = SKILLS_DIR) -> SkillLibrary:
        skills = []
        for path in sorted(directory.glob("*.md")):
            if not _ID.fullmatch(path.stem):
                raise AgentDefinitionError(f"{path.name}: a skill id must be snake_case")
            text = path.read_text(encoding="utf-8").strip()
            first, _, body = text.partition("\n")
            if not first.startswith("# ") or not body.strip():
                raise AgentDefinitionError(
                    f"{path.name}: a skill starts with '# Title' followed by its playbook"
                )
            skills.append(Skill(path.stem, first[2:].strip(), body.strip()))
        return cls(skills)

    def __contains__(self, skill_id: object) -> bool:
        return skill_id in self._skills

    def ids(self) -> list[str]:
        return list(self._skills)

    def get(self, skill_id: str) -> Skill:
        try:
            return self._skills[skill_id]
        except KeyError:
            raise AgentDefinitionError(f"unknown skill {skill_id!r}") from None

    def compose(self, instructions: str, skill_ids: Iterable[str]) -> str:
        """``instructions`` followed by the named playbooks (unknown ids are skipped)."""
        chosen: list[Skill] = []
        for skill_id in dict.fromkeys(skill_ids):
            skill = self._skills.get(skill_id)
            if skill is None:
                log.warning("skill_unknown", skill=skill_id)
            else:
                chosen.append(skill)
        if not chosen:
            return instructions.rstrip()
        sections = [instructions.rstrip(), "## Playbooks for this message"]
        sections += [f"### {skill.title}\n\n{skill.body}" for skill in chosen]
        return "\n\n".join(sections)
