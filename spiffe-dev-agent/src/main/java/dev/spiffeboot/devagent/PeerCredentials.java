package dev.spiffeboot.devagent;

import java.util.Arrays;

/**
 * The kernel-reported credentials of the process at the other end of a Unix domain socket (SO_PEERCRED).
 *
 * @param pid the process ID
 * @param uid the user ID
 * @param gids the group IDs (primary first)
 */
public record PeerCredentials(int pid, int uid, int[] gids) {

    public PeerCredentials {
        gids = gids.clone();
    }

    boolean hasGroup(int gid) {
        return Arrays.stream(this.gids).anyMatch(group -> group == gid);
    }

    @Override
    public int[] gids() {
        return this.gids.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PeerCredentials that && this.pid == that.pid && this.uid == that.uid
                && Arrays.equals(this.gids, that.gids);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * this.pid + this.uid) + Arrays.hashCode(this.gids);
    }

    @Override
    public String toString() {
        return "pid=" + this.pid + ", uid=" + this.uid + ", gids=" + Arrays.toString(this.gids);
    }
}
