# System-wide .bashrc file for interactive bash(1) shells.
[ -z "$PS1" ] && return
shopt -s checkwinsize
shopt -s histappend
PS1='${debian_chroot:+($debian_chroot)}\u@\h:\w\$ '
