package io.preserve.cli;

import io.preserve.domain.error.InvalidRequest;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

@Command(name = "completion", sortOptions = false, mixinStandardHelpOptions = true,
        header = "Print the shell completion script for bash or zsh.",
        description = {"Completes the commands and their options on TAB.",
                "bash: add `source <(preserve completion bash)` to ~/.bashrc (`preserve install` also puts the script"
                        + " where bash-completion finds it).",
                "zsh: add `source <(preserve completion zsh)` to ~/.zshrc (the script enables zsh's bashcompinit)."})
final class CompletionCmd implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SHELL", description = "bash or zsh.")
    String shell;

    @Override
    public Integer call() {
        if (!shell.equals("bash") && !shell.equals("zsh")) {
            throw new InvalidRequest("completion: unknown shell '" + shell + "': give bash or zsh");
        }
        var out = spec.commandLine().getOut();
        out.print(script(spec));
        out.flush();
        return ExitCodes.OK;
    }

    /** The script for the whole command line (the same for both shells: picocli's runs in zsh through bashcompinit). */
    static String script(CommandSpec anyCommand) {
        return AutoComplete.bash("preserve", anyCommand.root().commandLine());
    }
}
