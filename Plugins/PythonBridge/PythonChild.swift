import CIsolation
import DashostPluginKit
import Foundation

/// One sandboxed Python child and its three pipes: `BridgeMessage` frames to it (its descriptor 3)
/// and from it (its descriptor 4), and its stdout + stderr (descriptor 5 of dashost-sandbox-exec,
/// which makes it the child's 1 and 2). Every wait polls, with the wall-time deadline and the host's
/// cancellation checked at least every 100 ms, and drains the output pipe so a chatty child never
/// blocks; nothing waits forever. `stop()` kills and reaps the child and closes every descriptor;
/// the owner removes the scratch folder.
final class PythonChild {
    /// Why the child stopped before answering.
    enum Stop: Error {
        /// The wall-time limit passed (the child has been killed).
        case timedOut
        /// The host asked to stop (the child has been killed).
        case cancelled
        /// The child ended by itself: exit status, or the signal that killed it.
        case exited(Int32)
        case signalled(Int32)
        /// The child broke the protocol (a frame of the wrong type or size).
        case protocolError(String)
    }

    let pid: pid_t
    private var toChild: Int32
    private var fromChild: Int32
    private var output: Int32
    private let deadline: UInt64
    private let host: PluginHost?
    private var outputTail: [UInt8] = []
    private var partialLine: [UInt8] = []
    private var loggedLines = 0
    private var reaped = false

    /// Keep this much of the child's output for messages.
    private static let tailCapacity = 16 * 1024
    /// Lines of the child's output forwarded to the host's log (the rest only kept in the tail).
    private static let loggedLineLimit = 500

    /// Spawns `program` (`arguments[0]` is its name) with exactly `environment`; the child's
    /// descriptors 3, 4 and 5 are the pipes' ends.
    init(program: String, arguments: [String], environment: [String], timeout: Double, host: PluginHost?) throws {
        var pipes: [Int32] = []
        func makePipe() throws -> (read: Int32, write: Int32) {
            var fds: [Int32] = [-1, -1]
            guard dashost_pipe_cloexec(&fds) == 0 else {
                pipes.forEach { close($0) }
                throw PluginError.internalError("python_policy: pipe2 failed: \(String(cString: strerror(errno)))")
            }
            pipes += fds
            return (fds[0], fds[1])
        }
        let down = try makePipe(), up = try makePipe(), out = try makePipe()
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup($0) } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        let childEnds = [down.read, up.write, out.write]
        let spawned = childEnds.withUnsafeBufferPointer { fds in
            dashost_spawn(program, argv, envp, fds.baseAddress, Int32(fds.count))
        }
        childEnds.forEach { close($0) }
        guard spawned > 0 else {
            [down.write, up.read, out.read].forEach { close($0) }
            throw PluginError.internalError("python_policy: starting \(program) failed: \(String(cString: strerror(-spawned)))"
                + " (in a sandboxed plugin server, --sandbox, python_policy cannot start its own sandboxed child: run it with isolation \"none\" or \"process\")")
        }
        pid = spawned
        toChild = down.write
        fromChild = up.read
        output = out.read
        self.host = host
        deadline = PythonChild.now() + UInt64(timeout * 1e9)
        _ = fcntl(toChild, F_SETFL, fcntl(toChild, F_GETFL) | O_NONBLOCK)
        _ = fcntl(fromChild, F_SETFL, fcntl(fromChild, F_GETFL) | O_NONBLOCK)
        _ = fcntl(output, F_SETFL, fcntl(output, F_GETFL) | O_NONBLOCK)
    }

    deinit { stop() }

    /// The end of the child's stdout and stderr (at most `bytes` bytes, cut at a line start when it can be).
    func outputText(last bytes: Int = 4096) -> String {
        var tail = outputTail + partialLine
        if tail.count > bytes {
            tail = Array(tail.suffix(bytes))
            if let newline = tail.firstIndex(of: 10), newline < tail.count - 1 { tail = Array(tail[(newline + 1)...]) }
        }
        return String(decoding: tail, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    // MARK: - Frames

    /// Sends one frame; the payload is `count` bytes at `payload`.
    func send(_ kind: BridgeMessage.Kind, a: UInt64, b: UInt64, payload: UnsafeRawBufferPointer) throws {
        try write(BridgeMessage.header(kind, a: a, b: b, count: payload.count))
        try write(payload)
    }

    /// Receives one frame, refusing a payload larger than `maxPayload` bytes.
    func receive(maxPayload: UInt64) throws -> BridgeMessage {
        let header = try read(BridgeMessage.headerSize)
        let (kind, a, b, count) = BridgeMessage.parseHeader(header)
        guard count <= maxPayload else {
            throw Stop.protocolError("a frame of \(count) bytes, more than the child's memory limit allows")
        }
        return BridgeMessage(kind: kind, a: a, b: b, payload: try read(Int(count)))
    }

    // MARK: - Ending

    /// Kills the child (SIGKILL, its process group too) unless it has been reaped, reaps it and
    /// closes the pipes. Idempotent.
    func stop() {
        if !reaped {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            reaped = true
        }
        for fd in [toChild, fromChild, output] where fd >= 0 { close(fd) }
        toChild = -1
        fromChild = -1
        output = -1
    }

    /// The child has closed its end (it exited or was killed): reap it, collecting its last output,
    /// and report how it ended.
    private func ended() -> Stop {
        var status: Int32 = 0
        var result: pid_t = 0
        // It closes its pipes as it dies; give it a moment to finish, then make sure.
        for _ in 0..<200 {
            result = waitpid(pid, &status, WNOHANG)
            if result != 0 { break }
            usleep(10_000)
        }
        if result == 0 {
            kill(pid, SIGKILL)
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        }
        reaped = true
        drainOutput(untilEnd: true)
        // WIFSIGNALED / WTERMSIG / WEXITSTATUS, which Swift does not import (macros).
        let signal = status & 0x7f
        return signal != 0 ? .signalled(signal) : .exited((status >> 8) & 0xff)
    }

    // MARK: - Polling

    private static func now() -> UInt64 {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return UInt64(t.tv_sec) * 1_000_000_000 + UInt64(t.tv_nsec)
    }

    /// Waits until `fd` is ready for `events`, draining the output pipe meanwhile; throws when the
    /// deadline passes, the host cancels, or the child closes its end.
    private func wait(for fd: Int32, events: Int16) throws {
        while true {
            if host?.isCancelled == true {
                stop()
                throw Stop.cancelled
            }
            let current = PythonChild.now()
            guard current < deadline else {
                stop()
                throw Stop.timedOut
            }
            let timeout = Int32(min(100, (deadline - current) / 1_000_000 + 1))
            var fds = [pollfd(fd: fd, events: events, revents: 0), pollfd(fd: output, events: Int16(POLLIN), revents: 0)]
            let n = poll(&fds, nfds_t(fds.count), timeout)
            if n < 0 && errno != EINTR {
                throw Stop.protocolError("poll failed: \(String(cString: strerror(errno)))")
            }
            if fds[1].revents != 0 { drainOutput(untilEnd: false) }
            if fds[0].revents & events != 0 { return }
            if fds[0].revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 { throw ended() }
        }
    }

    /// Reads `count` bytes from the child's frame pipe.
    private func read(_ count: Int) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var got = 0
        while got < count {
            let n = bytes.withUnsafeMutableBytes { Glibc.read(fromChild, $0.baseAddress! + got, count - got) }
            if n > 0 {
                got += n
            } else if n == 0 {
                throw ended()
            } else if errno == EAGAIN || errno == EINTR {
                try wait(for: fromChild, events: Int16(POLLIN))
            } else {
                throw Stop.protocolError("reading from the child failed: \(String(cString: strerror(errno)))")
            }
        }
        return bytes
    }

    /// Writes every byte to the child's frame pipe. SIGPIPE (the child died) is blocked on this
    /// thread for the duration and a pending one consumed, so a dying child cannot kill the host.
    private func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write($0) }
    }

    private func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard bytes.count > 0, let base = bytes.baseAddress else { return }
        var block = sigset_t(), previous = sigset_t()
        sigemptyset(&block)
        sigaddset(&block, SIGPIPE)
        pthread_sigmask(SIG_BLOCK, &block, &previous)
        defer {
            var pending = sigset_t()
            sigpending(&pending)
            if sigismember(&pending, SIGPIPE) == 1 && sigismember(&previous, SIGPIPE) == 0 {
                var zero = timespec()
                _ = sigtimedwait(&block, nil, &zero)
            }
            pthread_sigmask(SIG_SETMASK, &previous, nil)
        }
        var sent = 0
        while sent < bytes.count {
            let n = Glibc.write(toChild, base + sent, bytes.count - sent)
            if n > 0 {
                sent += n
            } else if n < 0 && (errno == EAGAIN || errno == EINTR) {
                try wait(for: toChild, events: Int16(POLLOUT))
            } else if n < 0 && errno == EPIPE {
                throw ended()
            } else {
                throw Stop.protocolError("writing to the child failed: \(String(cString: strerror(errno)))")
            }
        }
    }

    /// Reads what the child printed: whole lines go to the host's log (INFO, `--verbose` shows them),
    /// the end is kept for messages. With `untilEnd`, reads until end of file (or 1 s).
    private func drainOutput(untilEnd: Bool) {
        guard output >= 0 else { return }
        let stopAt = PythonChild.now() + 1_000_000_000
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(output, $0.baseAddress!, $0.count) }
            if n > 0 {
                take(chunk[0..<n])
                continue
            }
            if n == 0 {
                // End of file: the child closed its output. Stop polling it (it would stay readable).
                close(output)
                output = -1
                break
            }
            if !untilEnd || PythonChild.now() >= stopAt { break }
            if errno == EAGAIN {
                var fds = [pollfd(fd: output, events: Int16(POLLIN), revents: 0)]
                _ = poll(&fds, 1, 50)
            } else if errno != EINTR {
                break
            }
        }
        if untilEnd, !partialLine.isEmpty { flushLine() }
    }

    private func take(_ bytes: ArraySlice<UInt8>) {
        for byte in bytes {
            if byte == 10 { flushLine() } else { partialLine.append(byte) }
            if partialLine.count > 4096 { flushLine() }
        }
    }

    private func flushLine() {
        outputTail += partialLine
        outputTail.append(10)
        if outputTail.count > PythonChild.tailCapacity { outputTail.removeFirst(outputTail.count - PythonChild.tailCapacity) }
        if loggedLines < PythonChild.loggedLineLimit {
            host?.log(.info, "python: " + String(decoding: partialLine, as: UTF8.self))
        } else if loggedLines == PythonChild.loggedLineLimit {
            host?.log(.info, "python: (further output not logged)")
        }
        loggedLines += 1
        partialLine.removeAll(keepingCapacity: true)
    }
}
