"""Signals orgs sends to the layers above it, which it must not import.

``subtree_moved`` — sent inside the transaction of ``Org.objects.move`` after treebeard has rewritten the paths
(an UPDATE, so no ``post_save``): every org below ``common_path`` (the closest common ancestor of the old and the
new parent, whose own path stays; everything for ``""``) may have a new path. Whoever keeps data derived from org
paths (the users' grants in ``accounts``) refreshes it there."""

from django.dispatch import Signal

subtree_moved = Signal()
