// Runs the binding's JUnit 4 test classes named on the command line and closes with the
// `kotlin: N passed, M failed` line that tests/run.sh adds up.
package custos.ffi.test

import org.junit.internal.TextListener
import org.junit.runner.JUnitCore
import kotlin.system.exitProcess

fun main(args: Array<String>) {
    val junit = JUnitCore()
    junit.addListener(TextListener(System.out))
    val result = junit.run(*args.map { Class.forName(it) }.toTypedArray())
    val failed = result.failureCount
    println("kotlin: ${result.runCount - failed} passed, $failed failed")
    exitProcess(if (result.wasSuccessful()) 0 else 1)
}
