"""The read side: every payload and snapshot a screen or an API client receives.

``payloads`` holds the JSON shape of each single thing (a post, a round, the clock);
``phone``, ``facilitator`` and ``projector`` put a whole screen together from them;
``sync`` turns a reconnect's snapshot into a delta and ``paging`` serves older inputs.
"""
