/**
 * Which hosts are this machine itself. Docker engines treat registries on them as insecure
 * by default (127.0.0.0/8 and ::1), so they pull from them without the registry's CA.
 */
import { isIPv4, isIPv6 } from "node:net";

/**
 * True for "localhost", any address in 127.0.0.0/8, "::1" and IPv4-mapped 127.x addresses.
 * Other names are not looked up, so one that resolves to 127.0.0.1 counts as another machine.
 */
export function isLoopbackHost(host: string): boolean {
    const name = host.toLowerCase();

    if (name === "localhost") {
        return true;
    }

    if (isIPv4(name)) {
        return name.startsWith("127.");
    }

    return isIPv6(name) && isLoopbackV6(ipv6Words(name));
}

function isLoopbackV6(words: number[]): boolean {
    const zeros = (count: number) => words.slice(0, count).every((word) => word === 0);

    return (
        (zeros(7) && words[7] === 1) || (zeros(5) && words[5] === 0xffff && words[6] >> 8 === 127)
    );
}

/** The eight 16-bit words of a valid IPv6 address, with "::" and an IPv4 tail expanded. */
function ipv6Words(address: string): number[] {
    const tail = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(address);
    const text = tail === null ? address : address.slice(0, tail.index) + ipv4Words(tail);
    const [head, rest] = text.split("::");
    const parse = (part: string | undefined) =>
        part ? part.split(":").map((word) => parseInt(word, 16)) : [];
    const front = parse(head);
    const back = parse(rest);

    return [...front, ...new Array<number>(8 - front.length - back.length).fill(0), ...back];
}

function ipv4Words(octets: RegExpExecArray): string {
    const [a, b, c, d] = octets.slice(1, 5).map(Number);

    return `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
}
