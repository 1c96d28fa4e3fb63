"""What the pages share, by concern: the host (host), a session (session), files on their way in
(uploading), and how things are shown (display). A folder below pages/, so that no module is a page."""
