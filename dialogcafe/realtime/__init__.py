"""Socket.IO event handlers, one module per feature; importing the package registers them.

Handlers parse, authorise (who the connection is, common.py), call a service and answer;
what they raise becomes their failed ack in one place (events.py).
"""

from dialogcafe.realtime import connection, posts, reactions
from dialogcafe.realtime import hosting as hosting  # table hosts
from dialogcafe.realtime import moving as moving  # people move
from dialogcafe.realtime import others as others  # watch_others: other tables, live
from dialogcafe.realtime import paging as paging  # older_posts: pages before a state
from dialogcafe.realtime import themes as themes  # a table host's themes in the harvest

__all__ = ["connection", "hosting", "moving", "paging", "posts", "reactions", "themes"]
