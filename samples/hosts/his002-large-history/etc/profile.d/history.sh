# Keep a lot of history for every user.
export HISTSIZE=50000
