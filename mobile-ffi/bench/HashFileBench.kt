// The Kotlin side of compare.sh: hashes one evidence file through the binding, with a progress
// listener as an app would use it, and prints the digest, the size, and the wall-clock and on-CPU
// seconds of the calling thread, as examples/hash_file_rust.rs does for the Rust side.
package custos.ffi.bench

import custos.ffi.HashProgress
import custos.ffi.hashFile
import java.io.File
import java.util.Locale
import kotlin.system.exitProcess

private class CountingListener : HashProgress {
    var reports = 0

    override fun onProgress(bytesHashed: ULong): Boolean {
        reports++
        return true
    }
}

/** Nanoseconds this thread has run on a CPU (Linux schedstat), the clock the Rust side reads. */
private fun threadCpuNs(): Long = File("/proc/thread-self/schedstat").readText().substringBefore(' ').toLong()

fun main(args: Array<String>) {
    if (args.size != 2) {
        System.err.println("custos: usage: HashFileBench FILE REPORT_EVERY_MIB")
        exitProcess(2)
    }
    val path = args[0]
    val reportEveryBytes = args[1].toULong() shl 20
    // Loads the library and warms the callback path, so the timed call measures hashing only.
    val warmUp = File.createTempFile("custos-bench-", ".bin").apply {
        deleteOnExit()
        writeBytes(ByteArray(64 shl 20))
    }
    repeat(3) { hashFile(warmUp.path, CountingListener(), reportEveryBytes) }

    val listener = CountingListener()
    val cpuStarted = threadCpuNs()
    val started = System.nanoTime()
    val hashed = hashFile(path, listener, reportEveryBytes)
    val wall = (System.nanoTime() - started) / 1e9
    val cpu = (threadCpuNs() - cpuStarted) / 1e9
    val seconds = String.format(Locale.ROOT, "%.3f s wall  %.3f s cpu", wall, cpu)
    println("${hashed.sha256}  ${hashed.size} bytes  $seconds  ${listener.reports} progress reports")
}
