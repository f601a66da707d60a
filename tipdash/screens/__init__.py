"""What each page draws, one module per page with a `render()`; pages/<name>.py only hands it to tipdash.shell.page."""
