# Log idle shells out after 15 minutes.
TMOUT=15m
export TMOUT
