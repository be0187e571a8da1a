"""Shared pieces of the command line: output options, the matrix and county options, and the
group that maps errors to one line and exit 2.

Each command lives in its own module; :mod:`csscore.cli.main` registers them. This module holds
what they share so that none imports another.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import NoReturn, TypeVar, cast

import click

from csscore.defaults import DEFAULT_MATRIX
from csscore.errors import CsscoreError

F = TypeVar("F", bound=Callable[..., object])

#: Seconds for the exact Kemeny order (csscore.county.ranking.KEMENY_TIME, not imported here
#: so that the command line starts without numpy; a test keeps the two equal).
KEMENY_TIME = 5.0
KEMENY_TIME_KEY = "csscore.kemeny_time"
COMBINE_KEY = "csscore.combine"
SCORE_FORMATS = ("simple", "github", "html", "latex_booktabs", "csv", "json")


def say(text: str, err: bool = False, nl: bool = True) -> None:
    """Print a line (or a rendered document) with every control character shown, not obeyed:
    the one way the command line prints (data files reach the terminal only through here)."""
    from csscore.render.safety import terminal_safe

    click.echo(terminal_safe(text), err=err, nl=nl)


def emit(text: str, output: Path | None, force: bool) -> None:
    """Print to the terminal, or write a file atomically (never over one without --force)."""
    if output is None:
        say(text, nl=False)
        return
    from csscore.render.output import write_file

    write_file(output, text, force)
    announce(f"wrote {output}")


def announce(line: str) -> None:
    """A line about an output (``wrote FILE``), printed once the run's outputs are written:
    a run that fails writes nothing and says so in one line."""
    from csscore.render.output import current_run

    run = current_run()
    if run is None:
        say(line, err=True)
    else:
        run.note(line)


def output_options(formats: tuple[str, ...], default: str) -> Callable[[F], F]:
    """--format, -o/--output and --force, shared by every command that writes; without
    --format, the format is the one -o's suffix names (:func:`csscore.cli.suffixes.format_for`)."""

    def decorate(func: F) -> F:
        func = _format_from_suffix(func, formats)
        func = click.option("--force", is_flag=True, help="Overwrite an existing output file.")(
            func
        )
        func = click.option(
            "-o",
            "--output",
            type=click.Path(path_type=Path),
            help="Write to this file instead of the terminal.",
        )(func)
        return click.option(
            "--format",
            "fmt",
            type=click.Choice(formats),
            default=default,
            show_default=True,
            help="Output format.",
        )(func)

    return decorate


def _format_from_suffix(func: F, formats: tuple[str, ...]) -> F:
    """``func`` called with the format ``format_for`` chooses from --format and -o."""
    import functools

    @functools.wraps(func)
    def run(*args: object, **kwargs: object) -> object:
        from csscore.cli.suffixes import format_for

        output = kwargs.get("output")
        fmt = kwargs.get("fmt")
        if isinstance(fmt, str) and isinstance(output, Path):
            kwargs["fmt"] = format_for(fmt, output, formats)
        return func(*args, **kwargs)

    return cast("F", run)


def matrix_option(func: F) -> F:
    """--matrix NAME|PATH."""
    return click.option(
        "--matrix",
        "matrix_ref",
        metavar="NAME|PATH",
        help=f"Scoring matrix: a built-in name (see `csscore matrices`) or a TOML file. [default: the folder's manifest, else {DEFAULT_MATRIX}]",
    )(func)


class Number(click.FloatRange):
    """A finite number read by the one number reader (``model/numbers.read_number``), within
    [low, high]: ``nan``, ``inf`` and numbers out of range end in one line naming the option
    (click's range type would let ``nan`` through); the help shows the range as click does."""

    def __init__(self, low: float | None = None, high: float | None = None) -> None:
        super().__init__(min=low, max=high)
        self.low, self.high = low, high

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> float:
        from csscore.model.numbers import read_number

        if isinstance(value, int | float) and not isinstance(value, bool):
            number: float | None = read_number(repr(float(value)))
        else:
            number = read_number(str(value))
        option = param.opts[0] if param is not None and param.opts else "value"
        if number is None:
            raise CsscoreError.at(option, f"{str(value)[:40]!r} is not a finite number")
        low, high = self.low, self.high
        if (low is not None and number < low) or (high is not None and number > high):
            span = f"between {low:g} and {high:g}" if high is not None else f"at least {low:g}"
            raise CsscoreError.at(option, f"{value!s:.40} is out of range: give a number {span}")
        return number


def _keep_kemeny_time(ctx: click.Context, param: click.Parameter, value: float) -> float:
    ctx.meta[KEMENY_TIME_KEY] = value
    return value


def kemeny_time() -> float:
    """The ``--kemeny-time`` of the command being run (the default outside one)."""
    ctx = click.get_current_context(silent=True)
    limit = ctx.meta.get(KEMENY_TIME_KEY, KEMENY_TIME) if ctx is not None else KEMENY_TIME
    return float(limit)


QUIET_KEY = "csscore.quiet"
#: Districts from which reading a folder shows a progress bar (350 take about a second).
PROGRESS_DISTRICTS = 200

Advance = Callable[..., None]  # advance(steps, total=None)


@contextmanager
def progress_bar(
    label: str, total: int | None = None, *, quiet: bool = False, at_least: int = 1
) -> Iterator[Advance | None]:
    """The command line's one progress bar: on stderr, only when it is a terminal, never with
    ``--quiet`` (None is yielded then, so the work reports nothing). What is yielded is
    ``advance(steps, of=None)``: ``steps`` more done. The first report opens a bar of ``total``
    steps, or of ``of`` when the total was not known in advance; a report after a phase of work
    is complete opens the next phase's bar (two folders read in turn). A phase of fewer than
    ``at_least`` steps shows no bar."""
    if quiet or not sys.stderr.isatty():
        yield None
        return
    with ExitStack() as stack:
        left = 0
        bar: Callable[[int], None] | None = None

        def advance(steps: int, of: int | None = None) -> None:
            nonlocal left, bar
            if left <= 0:  # a new phase
                stack.close()  # the finished bar, if any
                left = of if of is not None else (total or 0)
                bar = None
                if left >= at_least:
                    shown = click.progressbar(length=left, label=label, file=sys.stderr)
                    bar = stack.enter_context(shown).update
            left -= steps
            if bar is not None:
                bar(steps)

        yield advance


def quiet_option(func: F) -> F:
    """-q/--quiet: no progress bar (kept in the context for :func:`is_quiet`)."""
    return click.option(
        "--quiet",
        "-q",
        is_flag=True,
        expose_value=False,
        callback=_keep_quiet,
        help="No progress bar on the terminal.",
    )(func)


def _keep_quiet(ctx: click.Context, param: click.Parameter, value: bool) -> bool:
    ctx.meta[QUIET_KEY] = value
    return value


def is_quiet() -> bool:
    """Whether the command being run was given ``--quiet``."""
    ctx = click.get_current_context(silent=True)
    return bool(ctx.meta.get(QUIET_KEY, False)) if ctx is not None else False


@contextmanager
def reading(quiet: bool | None = None) -> Iterator[Advance | None]:
    """A bar for reading a county's districts, shown from PROGRESS_DISTRICTS of them."""
    with progress_bar(
        "reading", quiet=is_quiet() if quiet is None else quiet, at_least=PROGRESS_DISTRICTS
    ) as bar:
        yield bar


#: The rules combining several partners' grades (csscore.model.partners.RULES; a test keeps the
#: two equal, so the command line starts without numpy).
COMBINE_RULES = ("median", "mean", "max")


def _keep_combine(ctx: click.Context, param: click.Parameter, value: str) -> str:
    ctx.meta[COMBINE_KEY] = value
    return value


def combine_rule() -> str:
    """The ``--combine`` of the command being run (the median outside one)."""
    ctx = click.get_current_context(silent=True)
    return str(ctx.meta.get(COMBINE_KEY, "median")) if ctx is not None else "median"


def combine_option(func: F) -> F:
    """--combine median|mean|max: how several partners' grades of an issue become one (kept in
    the context for :func:`combine_rule`)."""
    return click.option(
        "--combine",
        type=click.Choice(COMBINE_RULES),
        default="median",
        show_default=True,
        expose_value=False,
        callback=_keep_combine,
        help="How partners' grades of a factor combine: the median level (the upper middle for "
        "an even number), the mean rounded half up, or the highest.",
    )(func)


def sheet_option(func: F) -> F:
    """--sheet NAME: the worksheet of an .xlsx file to read."""
    return click.option(
        "--sheet",
        metavar="NAME",
        help="The worksheet of an .xlsx file to read. [default: the first whose header names the matrix's columns]",
    )(func)


CSA_HELP = (
    "Community Safety Agreement: a built-in name, a TOML file, or none (CSPs counted by issue). "
    "[default: the folder's manifest, else none]"
)


def csa_option(func: F) -> F:
    """--csa NAME|PATH|none (None when not given: the folder's manifest decides)."""
    return click.option("--csa", "csa_ref", metavar="NAME|PATH", help=CSA_HELP)(func)


def county_options(func: F) -> F:
    """Options shared by the county commands: --top, --csa, --matrix, --combine (kept in the
    context for :func:`combine_rule`), --kemeny-time (kept for :func:`kemeny_time`), --quiet."""
    func = quiet_option(func)
    func = click.option(
        "--kemeny-time",
        type=Number(low=0),
        default=KEMENY_TIME,
        show_default=True,
        metavar="SECONDS",
        expose_value=False,
        callback=_keep_kemeny_time,
        help="Time limit for proving the Kemeny order optimal; past it the best order found "
        "is reported with a lower bound.",
    )(func)
    func = combine_option(func)
    func = matrix_option(func)
    func = csa_option(func)
    return click.option(
        "--top",
        type=click.IntRange(min=1),
        default=5,
        show_default=True,
        help="A district's top N, used where it marks no selected issues and for Appendix B.",
    )(func)


def _usage_error(exc: click.UsageError, ctx: click.Context) -> NoReturn:
    """One line for a usage error, naming the help that lists the options; exit 2."""
    path = exc.ctx.command_path if exc.ctx is not None else ctx.command_path
    message = " ".join(exc.format_message().split())
    say(f"error: {message} (see '{path} --help')", err=True)
    raise click.exceptions.Exit(2)


class CsscoreGroup(click.Group):
    """A group whose commands end with a one-line message and exit 2 on a CsscoreError, on a
    usage error (an option's value out of range, an unknown command: click alone would print
    its usage lines first), or on an operating-system error about a path the user gave (a name
    too long, a folder not readable);
    Ctrl-C ends with "interrupted" and exit 130 (click alone would print "Aborted!", exit 1)."""

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: object,
    ) -> click.Context:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.exceptions.NoArgsIsHelpError:
            raise
        except click.UsageError as exc:  # the group's own options (``csscore --bogus``)
            _usage_error(exc, exc.ctx or click.Context(self, info_name=info_name))

    def invoke(self, ctx: click.Context) -> object:
        import warnings

        from csscore.errors import Notice

        try:
            # every output is staged and written only once the whole command has succeeded
            # (render/output.py), and the lines about them and the notices (a skipped title row,
            # a score cell that disagrees) printed after: a failure at any step writes nothing
            # and says one line
            from csscore.render.output import current_run, staged_run

            if current_run() is not None:  # a group inside the command line: the outer one decides
                return super().invoke(ctx)
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always", Notice)
                with staged_run() as run:
                    result = super().invoke(ctx)
            for line in run.notes:
                say(line, err=True)
            for warning in caught:
                if issubclass(warning.category, Notice):
                    say(f"warning: {warning.message}", err=True)
                else:
                    warnings.warn_explicit(
                        warning.message, warning.category, warning.filename, warning.lineno
                    )
            return result
        except KeyboardInterrupt:
            say("interrupted", err=True)
            ctx.exit(130)
        except click.exceptions.NoArgsIsHelpError:  # a group run bare: its help, from click
            raise
        except click.UsageError as exc:  # an option or argument the command cannot take
            _usage_error(exc, ctx)
        except CsscoreError as exc:
            say(f"error: {exc}", err=True)
            ctx.exit(2)
        except OSError as exc:
            where = f"{exc.filename}: " if exc.filename is not None else ""
            message = " ".join(f"{where}{exc.strerror or exc}".split())
            say(f"error: {message}", err=True)
            ctx.exit(2)
