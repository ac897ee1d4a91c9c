"""Actors stage: who is named in the text (states, governments, armed groups, IGOs, people).

`load_actor_lexicon()` reads the data files once; `find_actors(doc, lexicon, doc_date)` returns
non-overlapping `records.Actor` mentions whose spans cover each noun phrase's head noun, so the
events stage can map a subject or object head token to its actor. Once the places are known,
`located.locate_actors` gathers what they say about each actor's country and `country.decide_country`,
the one function that sets an actor's final country, decides and records the source in its `why`.
"""

from eventwire.actors.lexicon import ActorLexicon, load_actor_lexicon
from eventwire.actors.recognize import find_actors

__all__ = ["ActorLexicon", "find_actors", "load_actor_lexicon"]
