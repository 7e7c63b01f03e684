/** The {@code ap2p dispute} commands: export a task's evidence bundle, verify one offline. */
package io.ap2p.cli.dispute;
