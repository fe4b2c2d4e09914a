"""The command line. Thin: parse, call the library, print; every error is one line.

    newsfold ingest PATH...        read files, folders or - (stdin), clean, dedup, quote, fold
    newsfold stories | story ID | story merge A B | story split ID ARTICLE... | storylines | quotes [--speaker NAME] | speakers | speaker NAME
    newsfold search QUERY [--semantic] | embed | errors | export --format jsonl|csv
    newsfold serve                 JSON API, OpenAPI and web UI on http://127.0.0.1:8000
    newsfold eval seeds            score a run on the seed articles against the gold

``--db PATH`` or ``--db postgresql://...`` (or NEWSFOLD_DB) picks the store on every command; listings take ``--json``.
"""

from __future__ import annotations

import functools
import json
import os
import sys
import textwrap
from typing import Any

import click

from .errors import NewsfoldError
from .store import DEFAULT_DB, open_store
from .store import views

db_option = click.option(
    "--db", "db", default=lambda: os.environ.get("NEWSFOLD_DB", DEFAULT_DB), show_default="newsfold.db",
    help="The store: a SQLite file path or a postgresql:// URL (env NEWSFOLD_DB).",
)
json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")


def emit_json(value: Any) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, indent=2))


def one_line_errors(fn):
    """Turn any failure into one clear line on stderr and exit status 1."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except NewsfoldError as exc:
            raise click.ClickException(str(exc)) from None
        except (click.ClickException, click.Abort, click.exceptions.Exit):
            raise
        except BrokenPipeError:  # output piped into `head`: stop quietly
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(0)
        except KeyboardInterrupt:
            raise click.ClickException("interrupted; finished batches are stored, run again to resume") from None
        except Exception as exc:  # an unexpected bug: still one line, traceback on request
            if os.environ.get("NEWSFOLD_DEBUG"):
                raise
            raise click.ClickException(f"internal error: {type(exc).__name__}: {exc} (set NEWSFOLD_DEBUG=1 for details)") from None

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="newsfold")
def main() -> None:
    """newsfold: fold piles of news articles into stories, storylines and who said what."""


@main.command()
@click.argument("paths", nargs=-1, required=True)
@db_option
@click.option("--no-fold", is_flag=True, help="Store articles without clustering them into stories yet.")
@click.option("--no-understand", is_flag=True,
              help="Skip quotes and speakers: clean, dedup, store and fold only (the fast path).")
@click.option("--batch-size", default=200, show_default=True, help="Documents per transaction.")
@click.option("--quiet", "-q", is_flag=True, help="No progress line.")
@click.option("--progress", "progress", is_flag=True,
              help="Progress lines even when stderr is not a terminal (a log, a pipe): one every --progress-every.")
@click.option("--progress-every", default=10.0, show_default=True, metavar="SECONDS",
              help="Seconds between progress lines with --progress (on a terminal the line is rewritten per batch).")
@click.option("--executor", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="Run the per-article stages in this process (or a local process pool), or on a Dask cluster.")
@click.option("--workers", type=int, default=None,
              help="Processes for the per-article stages: local, a pool of this many (default 1: this process "
                   "alone); dask, worker processes to start on this machine unless --scheduler (default 2).")
@click.option("--scheduler", default=None, help="Dask: address of a running scheduler, e.g. tcp://host:8786.")
@click.option("--tagger", type=click.Choice(["fast", "accurate"]), default="fast", show_default=True,
              help="Quote tagger: accurate adds a fine-tuned MiniLM (needs the embed extra; ~3 articles per "
                   "CPU-second against ~30: see eval/quotes.md for what it gains).")
@click.option("--fold-embeddings", is_flag=True,
              help="Also compare MiniLM vectors of title and opening when folding (needs the embed extra; "
                   "~14 ms CPU an article and ~500 MB per process: see eval/README.md for what it gains).")
@one_line_errors
def ingest(paths: tuple[str, ...], db: str, no_fold: bool, no_understand: bool, batch_size: int, quiet: bool,
           progress: bool, progress_every: float, executor: str, workers: int | None, scheduler: str | None,
           fold_embeddings: bool, tagger: str) -> None:
    """Ingest files, folders (recursively) or - for stdin."""
    from .fold import FoldOptions
    from .run import IngestOptions
    from .understand import QuoteOptions
    from .run import ingest as run_ingest
    from .run.progress import Reporter

    terminal = sys.stderr.isatty()
    reporter = None
    if not quiet and (terminal or progress):
        reporter = Reporter(paths, sys.stderr, terminal=terminal, every=progress_every)
    shown = dict(progress=reporter.ingest if reporter else None, fold_progress=reporter.fold if reporter else None)
    try:
        with open_store(db) as store:
            local_workers = (workers or 1) if executor == "local" else 1
            opts = IngestOptions(batch_size=batch_size, do_fold=not no_fold, understand=not no_understand,
                                 workers=local_workers, fold=FoldOptions(embeddings=fold_embeddings),
                                 quotes=QuoteOptions(tagger=tagger))
            if executor == "dask":
                from .run.dask import DaskOptions, ingest_dask

                summary = ingest_dask(paths, store, opts, dask=DaskOptions(workers=2 if workers is None else workers,
                                                                           scheduler=scheduler), **shown)
            else:
                summary = run_ingest(paths, store, opts, **shown)
    finally:
        if reporter:
            reporter.close()
    fold = summary.fold
    click.echo(
        f"read {summary.read} · added {summary.added} · unchanged {summary.unchanged} · "
        f"copies {summary.duplicates} · errors {summary.errors} · warnings {summary.warnings} · quotes {summary.quotes}"
        + (f" · new stories {fold.new_stories} · new storylines {fold.new_storylines}" if fold else "")
        + f" · {summary.seconds:.1f}s"
    )
    for sample in summary.error_samples:
        click.echo(f"  error: {sample}")
    if summary.errors > len(summary.error_samples):
        click.echo(f"  … see `newsfold errors --db {db}` for all {summary.errors}")


@main.command()
@db_option
@one_line_errors
def fold(db: str) -> None:
    """Fold articles that have no story yet (after ingest --no-fold)."""
    from .fold import fold_store

    with open_store(db) as store:
        s = fold_store(store)
    click.echo(f"folded {s.articles} articles · new stories {s.new_stories} · new storylines {s.new_storylines}")


@main.command("stories")
@db_option
@json_option
@one_line_errors
def stories_cmd(db: str, as_json: bool) -> None:
    """List stories, oldest first."""
    with open_store(db) as store:
        rows = views.stories(store)
    if as_json:
        return emit_json(rows)
    if not rows:
        click.echo("no stories yet: run `newsfold ingest PATH` first")
    for r in rows:
        when = r["first_published"] or "date unknown"
        click.echo(f"{r['id']}  {r['articles']} article(s)  {when}  {', '.join(r['outlets'])}")
        click.echo(f"    {r['title']}")


class StoryGroup(click.Group):
    """`story ID` shows a story; `story merge|split ...` edits stories."""

    def parse_args(self, ctx, args):
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            args = ["show", *args]
        return super().parse_args(ctx, args)


@main.group("story", cls=StoryGroup, invoke_without_command=False)
def story_group() -> None:
    """One story (`story ID`), or merge/split stories by hand."""


@story_group.command("merge")
@click.argument("keep")
@click.argument("other")
@click.option("--reason", required=True, help="Why: recorded with the edit.")
@db_option
@one_line_errors
def story_merge(keep: str, other: str, reason: str, db: str) -> None:
    """Merge story OTHER into KEEP; OTHER's ID redirects to KEEP."""
    from .fold.edits import merge_stories

    with open_store(db) as store:
        kept = merge_stories(store, keep, other, reason)
    click.echo(f"merged {other} into {kept} (its ID now redirects there)")


@story_group.command("split")
@click.argument("story_id")
@click.argument("article_ids", nargs=-1, required=True)
@click.option("--reason", required=True, help="Why: recorded with the edit.")
@db_option
@one_line_errors
def story_split(story_id: str, article_ids: tuple[str, ...], reason: str, db: str) -> None:
    """Move ARTICLE_IDS out of STORY_ID into a new story."""
    from .fold.edits import split_story

    with open_store(db) as store:
        new_id = split_story(store, story_id, list(article_ids), reason)
    click.echo(f"split {len(article_ids)} article(s) from {story_id} into {new_id}")


@story_group.command("show", hidden=True)
@click.argument("story_id")
@db_option
@json_option
@one_line_errors
def story_cmd(story_id: str, db: str, as_json: bool) -> None:
    """One story: its articles, why they belong, and each outlet's quotes."""
    with open_store(db) as store:
        s = views.story(store, story_id)
        cov = views.coverage(store, s["id"])
        related = views.related_stories(store, s["id"])
    if as_json:
        return emit_json({**s, "coverage": cov, "related": related})
    outlet_of = {m["id"]: m["outlet"] for m in s["members"]}
    click.echo(f"{s['id']}  {s['title']}")
    click.echo(f"storyline: {s['storyline_id']}   dates: {s['first_published'] or 'unknown'} – {s['last_published'] or ''}")
    click.echo("\nArticles:")
    for m in s["members"]:
        outlet = m["outlet"] or "unknown outlet"
        extra = f" (wire {m['wire']})" if m["wire"] and m["wire"] != m["outlet"] else ""
        extra += f" via {m['aggregator']}" if m["aggregator"] else ""
        click.echo(f"  {m['id']}  {outlet}{extra}: {m['title']}")
        why = m["why"]
        if why.get("manual"):
            click.echo(f"      moved by hand: {why['manual']}")
        elif why.get("duplicate_of"):
            click.echo(f"      copy of {why['duplicate_of']}")
        elif why.get("new_story"):
            click.echo("      first article of the story")
        else:
            click.echo(f"      similarity {why.get('similarity')}; shared terms: {', '.join(why.get('shared_terms', []))}")
            for a, b, score in why.get("same_statements", [])[:3]:
                click.echo(f"      same statement ({score}): “{_short(a)}” ~ “{_short(b)}”")
    click.echo("\nCoverage by outlet:")
    for o in cov["outlets"]:
        kind = f"wire copy ({o['wire']})" if o["wire_copy"] else "original reporting"
        click.echo(f"  {o['outlet'] or 'unknown outlet'} — {kind}: {o['headline']}")
        for q in o["quotes"]:
            click.echo(f"    {q['speaker'] or '?'} ({q['kind']}): “{_short(q['text'], 100)}”")
        for sentence in o["only_here"][:3]:
            click.echo(f"    only here: {_short(sentence, 100)}")
    if cov["same_statements"]:
        click.echo("\nThe same statement in each outlet's words:")
        for group in cov["same_statements"]:
            click.echo(f"  {group[0]['speaker']}:")
            for q in group:
                click.echo(f"    [{outlet_of.get(q['article_id']) or 'unknown outlet'}] “{_short(q['text'], 100)}”")
    if related:
        click.echo("\nRelated stories:")
        for r in related:
            click.echo(f"  {r['id']}  {'(same storyline) ' if r['same_storyline'] else ''}{r['title']}")


@main.command("top")
@click.option("--limit", default=20, show_default=True)
@db_option
@json_option
@one_line_errors
def top_cmd(limit: int, db: str, as_json: bool) -> None:
    """Top stories: the widest coverage, most recent first."""
    with open_store(db) as store:
        rows = views.top_stories(store, limit)
    if as_json:
        return emit_json(rows)
    for r in rows:
        click.echo(f"{r['score']:>7.2f}  {r['id']}  {len(r['outlets'])} outlet(s)  {r['title']}")


@main.command("storylines")
@db_option
@json_option
@one_line_errors
def storylines_cmd(db: str, as_json: bool) -> None:
    """List storylines with their stories in date order."""
    with open_store(db) as store:
        rows = views.storylines(store)
    if as_json:
        return emit_json(rows)
    for line in rows:
        click.echo(f"{line['id']}  {len(line['stories'])} stories  {line['title']}")
        for s in line["stories"]:
            click.echo(f"    {s['id']}  {s['first_published'] or 'date unknown':>12}  {s['articles']} article(s)  {s['title']}")


@main.command("quotes")
@click.option("--speaker", help="Only this speaker (full name or surname).")
@db_option
@json_option
@one_line_errors
def quotes_cmd(speaker: str | None, db: str, as_json: bool) -> None:
    """Who said what."""
    with open_store(db) as store:
        rows = views.quotes(store, speaker)
    if as_json:
        return emit_json(rows)
    if not rows and speaker:
        click.echo(f"no quotes by {speaker}")
    for r in rows:
        click.echo(f"{r['speaker'] or '?'} [{r['outlet'] or 'unknown outlet'}, {r['kind']}, {r['cue'] or 'no cue'}]")
        click.echo(textwrap.indent(textwrap.fill(f"“{r['text']}”", 96), "    "))


@main.command("speakers")
@db_option
@json_option
@one_line_errors
def speakers_cmd(db: str, as_json: bool) -> None:
    """Everyone quoted, most quoted first."""
    with open_store(db) as store:
        rows = views.speakers(store)
    if as_json:
        return emit_json(rows)
    for r in rows:
        click.echo(f"{r['name']:<32} {r['statements']:>4} statements  {r['articles']:>3} articles  {r['outlets']:>3} outlets  ({r['id']})")


@main.command("speaker")
@click.argument("name")
@db_option
@json_option
@one_line_errors
def speaker_cmd(name: str, db: str, as_json: bool) -> None:
    """One speaker's statements over time, by outlet, with their stories."""
    with open_store(db) as store:
        s = views.speaker(store, name)
    if as_json:
        return emit_json(s)
    click.echo(f"{s['speaker']} ({s['speaker_id']}): {s['statements']} statements")
    for o in s["outlets"]:
        click.echo(f"\n  {o['outlet']}")
        for q in o["statements"]:
            click.echo(f"    {q['published'] or 'date unknown':>12}  {q['story_id'] or '':<15} {q['kind']:<8} “{_short(q['text'], 80)}”")


@main.command("search")
@click.argument("query")
@click.option("--limit", default=20, show_default=True)
@click.option("--semantic", is_flag=True, help="By meaning (embeddings; needs `newsfold embed` first), not by words.")
@db_option
@json_option
@one_line_errors
def search_cmd(query: str, limit: int, semantic: bool, db: str, as_json: bool) -> None:
    """Full-text search over titles and bodies, or by meaning with --semantic."""
    with open_store(db) as store:
        if semantic:
            from .embed import NO_EMBEDDINGS, NoEmbeddings, default_embedder, has_embeddings, semantic_search

            embedder = default_embedder()
            if not has_embeddings(store, embedder.name):  # say so before loading the model for nothing
                raise NoEmbeddings(NO_EMBEDDINGS)
            rows = semantic_search(store, query, limit, embedder)
        else:
            rows = views.search(store, query, limit)
    if as_json:
        return emit_json(rows)
    if not rows:
        click.echo(f"no articles match {query!r}")
    for r in rows:
        score = f"  ({r['score']:.2f})" if semantic else ""
        click.echo(f"{r['id']}  {r['outlet'] or 'unknown outlet'}: {r['title']}{score}")
        click.echo(f"    {r['snippet']}")


@main.command("embed")
@db_option
@click.option("--batch-size", default=64, show_default=True, help="Articles per model call and per transaction.")
@click.option("--limit", type=int, default=None, help="Embed at most this many articles now.")
@click.option("--quiet", "-q", is_flag=True, help="No progress line.")
@one_line_errors
def embed_cmd(db: str, batch_size: int, limit: int | None, quiet: bool) -> None:
    """Compute the vectors semantic search needs, for articles that have none yet (needs newsfold[embed])."""
    from .embed import EmbedOptions, default_embedder, embed_store

    show = not quiet and sys.stderr.isatty()

    def progress(s) -> None:
        if show:
            rate = s.embedded / s.seconds if s.seconds else 0.0
            click.echo(f"\r  embedded {s.embedded}  errors {s.errors}  {rate:,.1f} articles/s", nl=False, err=True)

    with open_store(db) as store:
        summary = embed_store(store, default_embedder(), EmbedOptions(batch_size=batch_size, limit=limit),
                              progress=progress)
        (total, _), pending = store.vector_stats(summary.model), len(store.articles_to_embed(summary.model, 0, 1))
    if show:
        click.echo("", err=True)
    click.echo(f"embedded {summary.embedded} · errors {summary.errors} · {total} articles have vectors ({summary.model})"
               + (" · more to do: run again" if pending else "") + f" · {summary.seconds:.1f}s")
    for sample in summary.error_samples or []:
        click.echo(f"  error: {sample}")


@main.command("errors")
@db_option
@json_option
@one_line_errors
def errors_cmd(db: str, as_json: bool) -> None:
    """Per-item ingest errors: what was skipped and why."""
    with open_store(db) as store:
        rows = views.errors(store)
    if as_json:
        return emit_json(rows)
    if not rows:
        click.echo("no ingest errors")
    for r in rows:
        click.echo(f"{r['at']}  {r['stage']:<8} {r['origin']}: {r['reason']}")


@main.command("export")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), help="File to write (default stdout).")
@db_option
@one_line_errors
def export_cmd(fmt: str, output: str | None, db: str) -> None:
    """Export every article with its story, storyline and quotes."""
    from .export import write_csv, write_jsonl

    writer = write_jsonl if fmt == "jsonl" else write_csv
    with open_store(db) as store:
        if output:
            with open(output, "w", encoding="utf-8", newline="") as out:
                n = writer(store, out)
            click.echo(f"wrote {n} articles to {output}", err=True)
        else:
            writer(store, sys.stdout)


@main.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, type=int, show_default=True)
@click.option("--token", envvar="NEWSFOLD_TOKEN", default=None,
              help="Bearer token enabling POST /api/ingest (env NEWSFOLD_TOKEN).")
@click.option("--ingest-root", type=click.Path(exists=True, file_okay=False), default=None,
              help='Folder that POST /api/ingest {"path": ...} may read from.')
@one_line_errors
def serve(db: str, host: str, port: int, token: str | None, ingest_root: str | None) -> None:
    """Serve the JSON API (/api, /openapi.json) and the web UI."""
    from .api import serve as run

    run(db, host=host, port=port, token=token, ingest_root=ingest_root)


@main.group("eval")
def eval_group() -> None:
    """Score newsfold against gold data."""


@eval_group.command("stories", context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@click.pass_context
def eval_stories(ctx: click.Context) -> None:
    """Story clustering on giveme5w1h, NeuS and ECB+ (arguments as for eval/run_stories.py)."""
    from .evaluation.stories import main as run

    sys.exit(run(list(ctx.args)) or 0)


@eval_group.command("seeds")
@click.option("--seeds", "seeds_dir", default=None, help="Folder of seed articles (default ../shared/seeds).")
@click.option("--gold", default=None, help="Gold file (default ../shared/eval/seeds.gold.json).")
@click.option("--db", default=None, help="Score this store instead of ingesting the seeds into a fresh one.")
@json_option
@one_line_errors
def eval_seeds(seeds_dir: str | None, gold: str | None, db: str | None, as_json: bool) -> None:
    """Ingest the seeds (or use --db) and print each figure against the gold."""
    from .evaluation.seeds import evaluate_seeds, format_report

    report = evaluate_seeds(seeds_dir, gold, db)
    if as_json:
        return emit_json(report)
    click.echo(format_report(report))
    if not report["passed"]:
        sys.exit(1)


def _short(text: str, width: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


if __name__ == "__main__":
    main()
