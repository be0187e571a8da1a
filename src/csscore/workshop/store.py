"""The workshop's database: SQLite in WAL mode, schema versioned by ``PRAGMA user_version``.

Every write is one transaction, committed (``synchronous = FULL``) before the call returns, so a
save answered 200 survives the server being killed. The database holds the whole workshop (the
district, its issues, the matrix's TOML, the secrets, partners and their grades): reopening it
resumes exactly, and ``csscore workshop export`` needs nothing else.
"""

from __future__ import annotations

import secrets
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path

from csscore.errors import CsscoreError
from csscore.inputs import note_read
from csscore.model.text import fold_case, issue_key
from csscore.workshop.assessment import Assessment, MatrixSource

SCHEMA_VERSION = 1
#: Bytes of randomness in every secret (192 bits; the issue asks for at least 128).
SECRET_BYTES = 24

_SCHEMA = """
CREATE TABLE workshop (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    district TEXT NOT NULL, stem TEXT NOT NULL,
    matrix_name TEXT NOT NULL, matrix_text TEXT NOT NULL, matrix_sha256 TEXT NOT NULL,
    facilitator TEXT NOT NULL, code TEXT NOT NULL, open INTEGER NOT NULL
);
CREATE TABLE issue (position INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE partner (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, key TEXT NOT NULL UNIQUE,
    token TEXT NOT NULL UNIQUE
);
CREATE TABLE grade (
    partner INTEGER NOT NULL REFERENCES partner(id), issue TEXT NOT NULL REFERENCES issue(name),
    factor TEXT NOT NULL, level TEXT NOT NULL, PRIMARY KEY (partner, issue, factor)
);
CREATE TABLE entry (
    partner INTEGER NOT NULL REFERENCES partner(id), issue TEXT NOT NULL REFERENCES issue(name),
    confidence TEXT NOT NULL DEFAULT '', notes TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (partner, issue)
);
"""


class NameTaken(CsscoreError):
    """A partner name already in the workshop."""


class RoundClosed(CsscoreError):
    """A write while the facilitator has closed the round."""


@dataclass(frozen=True)
class Partner:
    id: int
    name: str
    token: str


@dataclass(frozen=True)
class Saved:
    """One partner's saved grading of one issue."""

    partner: str
    issue: str
    grades: dict[str, str]
    confidence: str
    notes: str


def _connect(path: Path, readonly: bool = False) -> sqlite3.Connection:
    if readonly:  # the export: never writes, so never changes the file it reads
        uri = f"{path.resolve().as_uri()}?mode=ro"
        return sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
    db = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=30)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = FULL")
    db.execute("PRAGMA foreign_keys = ON")
    return db


class Store:
    """An open workshop database. Methods are safe to call from several threads."""

    def __init__(self, path: Path, db: sqlite3.Connection) -> None:
        self.path = path
        self._db = db
        self._lock = threading.Lock()
        row = db.execute(
            "SELECT district, stem, matrix_name, matrix_text, matrix_sha256, facilitator, code"
            " FROM workshop"
        ).fetchone()
        issues = tuple(r[0] for r in db.execute("SELECT name FROM issue ORDER BY position"))
        self.assessment = Assessment(row[0], row[1], issues, MatrixSource(row[2], row[3], row[4]))
        self.facilitator: str = row[5]
        self.code: str = row[6]
        self._partners = {
            r[2]: Partner(r[0], r[1], r[2])
            for r in db.execute("SELECT id, name, token FROM partner ORDER BY id")
        }

    @classmethod
    def open(
        cls, path: Path, assessment: Assessment | None = None, readonly: bool = False
    ) -> Store:
        """Open a workshop database; create it for ``assessment`` if it does not exist. An
        existing one must be for the same issues and matrix. ``readonly``: only read it."""
        display = str(path)
        exists = path.exists()
        if not exists and assessment is None:
            raise CsscoreError.at(display, "no such workshop database")
        if exists and not path.is_file():
            raise CsscoreError.at(display, "is not a regular file")
        note_read(path)  # the database is an input of the run (the export's, say)
        try:
            db = _connect(path, readonly)
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if not exists or (version == 0 and _empty(db)):
                if assessment is None:
                    raise CsscoreError.at(display, "no such workshop database")
                _create(db, assessment)
            elif version != SCHEMA_VERSION:
                raise CsscoreError.at(
                    display,
                    f"workshop database schema version {version}; this csscore reads {SCHEMA_VERSION}",
                )
            store = cls(path, db)
        except sqlite3.DatabaseError as exc:
            raise CsscoreError.at(display, f"not a workshop database ({exc})") from None
        if assessment is not None:
            held = store.assessment
            if held.issues != assessment.issues or held.source.sha256 != assessment.source.sha256:
                raise CsscoreError.at(
                    display,
                    "this workshop database was made for other issues or another matrix; "
                    "give another --db",
                )
        return store

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # -- reading

    def partner(self, token: str) -> Partner | None:
        return self._partners.get(token)

    def is_open(self) -> bool:
        with self._lock:
            return bool(self._db.execute("SELECT open FROM workshop").fetchone()[0])

    def progress(self) -> list[tuple[str, int]]:
        """(partner, issues fully graded) for every partner, in joining order."""
        factors = len(self.assessment.matrix.factors)
        with self._lock:
            rows = self._db.execute(
                "SELECT p.name, (SELECT COUNT(*) FROM (SELECT issue FROM grade g"
                " WHERE g.partner = p.id GROUP BY issue HAVING COUNT(*) = ?))"
                " FROM partner p ORDER BY p.id",
                (factors,),
            ).fetchall()
        return [(str(name), int(done)) for name, done in rows]

    def graded(self, partner: Partner) -> int:
        """How many issues a partner has graded on every factor."""
        with self._lock:
            return self._graded(partner)

    def _graded(self, partner: Partner) -> int:
        row = self._db.execute(
            "SELECT COUNT(*) FROM (SELECT issue FROM grade WHERE partner = ?"
            " GROUP BY issue HAVING COUNT(*) = ?)",
            (partner.id, len(self.assessment.matrix.factors)),
        ).fetchone()
        return int(row[0])

    def saved(self, partner: Partner | None = None) -> list[Saved]:
        """Every partner's grading of every issue they saved anything for (one partner's, if
        given), in issue order, then partner name."""
        where, args = ("WHERE p.id = ?", (partner.id,)) if partner else ("", ())
        with self._lock:
            grades = self._db.execute(
                f"SELECT p.name, g.issue, g.factor, g.level FROM grade g"
                f" JOIN partner p ON p.id = g.partner {where}",
                args,
            ).fetchall()
            entries = self._db.execute(
                f"SELECT p.name, e.issue, e.confidence, e.notes FROM entry e"
                f" JOIN partner p ON p.id = e.partner {where}",
                args,
            ).fetchall()
        table: dict[tuple[str, str], Saved] = {}
        for name, issue, factor, level in grades:
            table.setdefault((name, issue), Saved(name, issue, {}, "", "")).grades[factor] = level
        for name, issue, confidence, notes in entries:
            held = table.get((name, issue))
            table[(name, issue)] = Saved(
                name, issue, held.grades if held else {}, confidence, notes
            )
        order = self.assessment.order
        return sorted(
            table.values(), key=lambda s: (order(s.issue), fold_case(s.partner), s.partner)
        )

    def partner_names(self) -> list[str]:
        return [p.name for p in self._partners.values()]

    # -- writing (each one transaction)

    def set_open(self, is_open: bool) -> None:
        with self._lock:
            self._db.execute("UPDATE workshop SET open = ?", (int(is_open),))

    def add_partner(self, name: str) -> Partner:
        """A new partner and their token; raises NameTaken or RoundClosed."""
        token = secrets.token_urlsafe(SECRET_BYTES)
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                if not self._db.execute("SELECT open FROM workshop").fetchone()[0]:
                    raise RoundClosed.at("round", "the round is closed")
                try:
                    cursor = self._db.execute(
                        "INSERT INTO partner (name, key, token) VALUES (?, ?, ?)",
                        (name, issue_key(name), token),
                    )
                except sqlite3.IntegrityError:
                    raise NameTaken.at("partner", f"the name {name!r} is already taken") from None
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            assert cursor.lastrowid is not None
            partner = Partner(cursor.lastrowid, name, token)
            self._partners[token] = partner
        return partner

    def save(
        self,
        partner: Partner,
        issue: str,
        grades: dict[str, str],
        confidence: str | None,
        notes: str | None,
    ) -> int:
        """Overwrite a partner's grades of the factors given ('' clears one), and the confidence
        and notes if given, in one transaction; return how many issues the partner has graded
        on every factor. Raises RoundClosed."""
        with self._lock:
            db = self._db
            db.execute("BEGIN IMMEDIATE")
            try:
                if not db.execute("SELECT open FROM workshop").fetchone()[0]:
                    raise RoundClosed.at("round", "the round is closed")
                for factor, level in grades.items():
                    if level:
                        db.execute(
                            "INSERT INTO grade (partner, issue, factor, level) VALUES (?, ?, ?, ?)"
                            " ON CONFLICT (partner, issue, factor) DO UPDATE SET level = excluded.level",
                            (partner.id, issue, factor, level),
                        )
                    else:
                        db.execute(
                            "DELETE FROM grade WHERE partner = ? AND issue = ? AND factor = ?",
                            (partner.id, issue, factor),
                        )
                if confidence is not None or notes is not None:
                    db.execute(
                        "INSERT INTO entry (partner, issue) VALUES (?, ?) ON CONFLICT DO NOTHING",
                        (partner.id, issue),
                    )
                    if confidence is not None:
                        db.execute(
                            "UPDATE entry SET confidence = ? WHERE partner = ? AND issue = ?",
                            (confidence, partner.id, issue),
                        )
                    if notes is not None:
                        db.execute(
                            "UPDATE entry SET notes = ? WHERE partner = ? AND issue = ?",
                            (notes, partner.id, issue),
                        )
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
            return self._graded(partner)


def _empty(db: sqlite3.Connection) -> bool:
    return bool(db.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()[0] == 0)


def _create(db: sqlite3.Connection, assessment: Assessment) -> None:
    source = assessment.source
    db.execute("BEGIN IMMEDIATE")
    try:
        for statement in _SCHEMA.split(";"):
            if statement.strip():
                db.execute(statement)
        db.execute(
            "INSERT INTO workshop VALUES (1, ?, ?, ?, ?, ?, ?, ?, 1)",
            (
                assessment.district,
                assessment.stem,
                source.name,
                source.text,
                source.sha256,
                secrets.token_urlsafe(SECRET_BYTES),
                secrets.token_urlsafe(SECRET_BYTES),
            ),
        )
        db.executemany(
            "INSERT INTO issue (position, name) VALUES (?, ?)", enumerate(assessment.issues)
        )
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise
