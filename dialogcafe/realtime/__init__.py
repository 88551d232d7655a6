"""Socket.IO event handlers, one module per feature; importing the package registers them.

Handlers validate, authorise, call the domain and emit — nothing else (see common.py).
"""

from dialogcafe.realtime import connection, inputs, reactions
from dialogcafe.realtime import hosting as hosting  # table hosts
from dialogcafe.realtime import moving as moving  # people move
from dialogcafe.realtime import paging as paging  # older_posts: pages before a state

__all__ = ["connection", "hosting", "inputs", "moving", "paging", "reactions"]
