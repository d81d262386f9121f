"""The operators: thin groups of calls over one shared :class:`~dayan_api.connect.Connect`.

Each method checks its arguments, builds the JSON body and posts it; it
returns the reply's ``data``.
"""

from dayan_api.operators.env import RenderEnvOperator
from dayan_api.operators.query import QueryOperator
from dayan_api.operators.tag import TagOperator
from dayan_api.operators.task import TaskOperator
from dayan_api.operators.transmit import TransmitOperator
from dayan_api.operators.user import UserOperator

__all__ = [
    "QueryOperator",
    "RenderEnvOperator",
    "TagOperator",
    "TaskOperator",
    "TransmitOperator",
    "UserOperator",
]
