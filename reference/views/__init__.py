"""Views: for each public page, the HTML view and its ``.json`` twin side by side, both reading
the page's one selector. Views parse the request, call the selector and render; they hold no
queries of their own."""
