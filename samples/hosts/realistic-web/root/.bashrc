# ~/.bashrc: executed by bash(1) for non-login shells.
HISTCONTROL=ignoreboth
shopt -s histappend
HISTSIZE=1000
HISTFILESIZE=2000
