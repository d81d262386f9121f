"""``dayan configure`` (save an account) and ``dayan whoami`` (show it)."""

import argparse
import getpass
from typing import Any, Mapping, Optional

from dayan_api.cli import display, profiles
from dayan_api.cli.args import UsageError, add_command
from dayan_api.cli.context import Context
from dayan_api.exception import RayvisionAPIError

# What whoami shows, from api.user_info (snake_case keys): (label, key).
_WHOAMI_FIELDS = (
    ("user name", "user_name"),
    ("user id", "user_id"),
    ("balance", "rmbbalance"),
    ("coupons", "coupon"),
    ("task timeout reminder (s)", "task_over_time_sec"),
    ("frames per machine", "single_node_render_frames"),
    ("ignore missing maps", "max_ignore_map_flag"),
    ("auto commit", "auto_commit"),
    ("downloads disabled", "download_disable"),
    ("domain", "domain"),
    ("platform", "platform"),
)


def register(groups: Any, common: argparse.ArgumentParser) -> None:
    configure = add_command(
        groups,
        "configure",
        "save an access id and key under --profile",
        common,
        description="Ask for the access id and the key (the key is not echoed; from stdin "
        "lines when stdin is not a terminal) and save them under --profile (default "
        "'default') in $DAYAN_CONFIG or ~/.config/dayan/config.ini (%APPDATA%\\dayan\\config.ini "
        "on Windows), readable by you only: mode 0600 on Linux and macOS, an access list "
        "naming only you on Windows (set with icacls; if that fails nothing is saved). "
        "With the keyring package (dayan_api[keyring]), the key goes to the system's "
        "credential store instead, the file keeping the access id. "
        "--domain and --protocol are saved too when given.",
    )
    configure.set_defaults(handler=configure_command)
    whoami = add_command(
        groups, "whoami", "the account: name, id, balance, settings, tasks by state", common
    )
    whoami.set_defaults(handler=whoami_command)


def configure_command(context: Context) -> int:
    args = context.args
    name = profiles.DEFAULT_PROFILE if args.profile is None else args.profile
    profiles.check_profile_name(name)  # before anything is asked
    path = profiles.config_path()
    profiles.read_config(path)  # a broken file is reported before asking anything
    interactive = context.stdin_is_terminal()
    access_id = _ask(context, "Access id: ", "access id", interactive, secret=False)
    access_key = _ask(context, "Access key (not shown): ", "access key", interactive, True)
    settings = {}
    if args.domain is not None:
        settings["domain"] = args.domain
    if args.protocol is not None:
        settings["protocol"] = args.protocol
    protection, note = profiles.save_credentials(path, name, access_id, access_key, settings)
    if note:
        context.note("dayan: {}".format(note))
    context.result(
        {"profile": name, "path": path},
        lambda: "saved profile {!r} in {} ({})".format(name, path, protection),
    )
    return 0


def _ask(context: Context, prompt: str, what: str, interactive: bool, secret: bool) -> str:
    if interactive and secret:
        value = getpass.getpass(prompt, stream=context.stderr)
    else:
        if interactive:
            context.stderr.write(prompt)
            context.stderr.flush()
        value = context.stdin_line()
    value = value.strip()
    if not value:
        raise UsageError("no {} given: nothing was saved".format(what))
    return value


# What whoami shows of query.task_status_count(): (label, key).
_COUNT_FIELDS = (
    ("tasks waiting", "waitingTask"),
    ("tasks rendering", "renderingTask"),
    ("tasks done", "doneTask"),
    ("tasks failed", "failureTask"),
)


def whoami_command(context: Context) -> int:
    api = context.api
    info = dict(api.user_info)
    try:
        counts: Optional[Mapping[str, Any]] = api.query.task_status_count()
    except RayvisionAPIError as error:
        # A call the API reference does not list: the account is still shown.
        context.note("task counts unavailable: {}".format(error))
        counts = None
    info["taskStatusCount"] = counts
    context.result(info, lambda: _whoami_text(info, counts))
    return 0


def _whoami_text(info: Mapping[str, Any], counts: Optional[Mapping[str, Any]]) -> str:
    pairs = [(label, display.cell(info.get(key))) for label, key in _WHOAMI_FIELDS]
    if counts is not None:
        pairs.extend((label, display.cell(counts.get(key))) for label, key in _COUNT_FIELDS)
    return display.fields(pairs)
