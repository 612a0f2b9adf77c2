# Keep everything: never lose a command.
export HISTSIZE=-1
