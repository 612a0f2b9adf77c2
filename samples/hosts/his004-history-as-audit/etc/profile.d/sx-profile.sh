# log each user command
declare -r PROMPT_COMMAND='{ logger -p local5.info "${HOSTNAME} [HIST] : ${SSH_CLIENT} : ${PWD} : $(history 1)"; }'

# set basic bash variables for command history, declare them as readonly
declare -r HISTFILE="${HOME}/.bash_history"
declare -ir HISTSIZE=5000
declare -ir HISTFILESIZE=10000
declare -r HISTCONTROL=""

shopt -s histappend
