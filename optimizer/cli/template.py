"""`blanko template PATH.xlsx`: the input workbook a planner fills in."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from optimizer.cli.common import EXIT_OK, LangOpt, _fail_invalid, _language, app, console


@app.command()
def template(
    path: Annotated[Path, typer.Argument(help="Where to write the workbook (.xlsx).")],
    example: Annotated[str, typer.Option(help="The bundled dataset that fills it as an "
                                              "example.")] = "palembang",
    lang: LangOpt = None,
) -> None:
    """Write the input workbook to fill in: headers, checks, instructions, an example."""
    from optimizer.i18n import cli
    from optimizer.io import datasets
    from optimizer.io.exports import check_output_paths
    from optimizer.io.template import write_template
    from optimizer.schema import InvalidInput

    language = _language(lang)
    try:
        check_output_paths(xlsx_path=path, xlsx_option="")  # PATH, not an option
        instance = datasets.load(example).instance
    except InvalidInput as error:
        _fail_invalid(error, language)
    write_template(path, instance)
    console.print(cli.say(language, cli.TEMPLATE_WRITTEN, path=str(path)), markup=False)
    raise typer.Exit(EXIT_OK)
