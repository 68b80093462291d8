"""{% fragment %}: a piece of a template cached per content version.

    {% load fragments %}
    {% fragment "site-header" day current_desk %}...{% endfragment %}

The piece is rendered once per content version and set of values after the
name (readersite.fragments.cached_piece), and kept no longer than the next
scheduled publication. It may show only what those values, the content and
the deployed templates and static files determine: nothing from the request
or the signed-in user. The values' repr() is the key, so they should be
numbers, strings, dates or tuples and lists of those. Variables set inside
the piece are not set when it comes from the cache.
"""

import hashlib

from django import template

from newsroom import pagecache
from readersite import fragments

register = template.Library()


class FragmentNode(template.Node):
    def __init__(self, nodelist, name, vary_on):
        self.nodelist = nodelist
        self.name = name
        self.vary_on = vary_on

    def render(self, context):
        values = [self.name.resolve(context)]
        values += [value.resolve(context) for value in self.vary_on]
        digest = hashlib.sha256(repr(values).encode()).hexdigest()[:32]
        return fragments.cached_piece(
            f"template:{values[0]}:{digest}",
            lambda: self.nodelist.render(context),
            deadline=pagecache.cache_deadline,
        )


@register.tag
def fragment(parser, token):
    """{% fragment "name" value... %}: cache the enclosed piece (see above)."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(
            f"'{bits[0]}' needs a name, then the values the piece depends on."
        )
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(
        nodelist,
        parser.compile_filter(bits[1]),
        [parser.compile_filter(bit) for bit in bits[2:]],
    )
