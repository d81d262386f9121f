"""The emulator's two time forms agree once read by to_datetime: its text is UTC+8."""

import datetime

from dayan_api import to_datetime

from .conftest import submitted_task


def test_an_output_file_s_text_time_is_its_frame_s_end_in_utc_plus_8(api, emu):
    task_id = submitted_task(api, frames="7")
    emu.advance(3600)
    frame = next(iter(api.query.iter_frames(task_id)))
    folder = api.transmit.get_output_files(task_id=task_id)[0]
    (output,) = api.transmit.get_output_files(tree_path=folder["filePath"])
    text = output["lastModify"]
    ended = to_datetime(frame["endTime"])
    assert to_datetime(text) == ended.replace(microsecond=0)
    # As written: the wall-clock time in China, eight hours ahead of UTC.
    china = datetime.timezone(datetime.timedelta(hours=8))
    assert text == ended.astimezone(china).strftime("%Y-%m-%d %H:%M:%S")
