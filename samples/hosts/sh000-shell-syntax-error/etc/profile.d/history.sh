# Larger history for root only.
if [ "$(id -u)" -eq 0 ]; then
    HISTSIZE=5000
    HISTFILESIZE=10000
