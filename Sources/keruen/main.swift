import KeruenCLI

await KeruenCommand.start()
