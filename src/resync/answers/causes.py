"""A cause read from the job's log, said in the operator's language, with what to do about it.

Each kind of :class:`~resync.plan.causes.Cause` has a sentence naming what failed and on
what, and next steps aimed at that object (free space in *that* path, the transfer from
*that* node, the DB team for *that* host) instead of advice for any failure.
"""

from __future__ import annotations

from collections.abc import Callable

from resync.contract.handlers import HandlerRequest
from resync.plan.causes import Cause

Said = Callable[[HandlerRequest, Cause], str]


def _say(pt: str, en: str) -> Said:
    def said(request: HandlerRequest, cause: Cause) -> str:
        values = {**{k: "?" for k in _KEYS.split()}, **cause.details}
        text = request.say(pt.format(**values), en.format(**values))
        return text.replace("`?`", request.say("(não informado no log)", "(not in the log)"))

    return said


_KEYS = "path dir host node user dataset rc feedback exception where count report database"

CAUSES: dict[str, tuple[Said, Said]] = {
    "no_space": (
        _say(
            "faltou espaço em disco ao gravar `{path}` (No space left on device).",
            "the disk ran out of space writing `{path}` (No space left on device).",
        ),
        _say(
            "Libere espaço no sistema de arquivos de `{dir}` (veja `df -h {dir}` e o que "
            "cresceu nele) ou peça mais espaço ao time de infraestrutura.",
            "Free space on the file system holding `{dir}` (check `df -h {dir}` and what "
            "grew there) or ask the infrastructure team for more.",
        ),
    ),
    "dataset_space": (
        _say(
            "o dataset ficou sem espaço (abend de espaço B37/D37/E37).",
            "the data set ran out of space (a B37/D37/E37 space abend).",
        ),
        _say(
            "Aumente o SPACE (primário/secundário) do dataset de saída na JCL, apague o "
            "dataset parcial e reexecute.",
            "Raise the output data set's SPACE (primary/secondary) in the JCL, delete the "
            "partial data set and rerun.",
        ),
    ),
    "transfer_missing": (
        _say(
            "o arquivo de entrada `{path}` não chegou: a transmissão do nó {node} não entregou.",
            "the input file `{path}` did not arrive: the transfer from node {node} did not "
            "deliver it.",
        ),
        _say(
            "Confirme com o time de transmissão se o nó {node} enviou o arquivo (e se a "
            "outra ponta gerou); quando `{path}` estiver lá, peça o rerun.",
            "Check with the transfer team whether node {node} sent the file (and whether "
            "the other side produced it); once `{path}` is there, ask for the rerun.",
        ),
    ),
    "file_missing": (
        _say(
            "o arquivo `{path}` não existe (No such file or directory).",
            "the file `{path}` does not exist (No such file or directory).",
        ),
        _say(
            "Verifique quem deveria ter criado `{path}` (o job anterior da cadeia ou uma "
            "transferência) e se o caminho na definição do job está certo.",
            "Check who should have created `{path}` (the previous job of the chain or a "
            "transfer) and that the path in the job's definition is right.",
        ),
    ),
    "vsam_open": (
        _say(
            "o arquivo VSAM `{dataset}` não abriu (OPEN RC={rc}, FEEDBACK={feedback}); o "
            "abend depois disso é consequência.",
            "the VSAM file `{dataset}` did not open (OPEN RC={rc}, FEEDBACK={feedback}); the "
            "abend after it is a consequence.",
        ),
        _say(
            "Verifique se o cluster `{dataset}` existe e não está aberto por outro job ou "
            "região CICS; se ficou mal fechado, rode IDCAMS VERIFY; depois reexecute.",
            "Check that the cluster `{dataset}` exists and is not open in another job or "
            "CICS region; if it was not closed properly, run IDCAMS VERIFY; then rerun.",
        ),
    ),
    "open_failed": (
        _say(
            "um arquivo não abriu (OPEN RC={rc}).",
            "a file failed to open (OPEN RC={rc}).",
        ),
        _say(
            "Veja no log qual DD/arquivo falhou no OPEN e se ele existe e está disponível.",
            "See in the log which DD/file failed to open and whether it exists and is free.",
        ),
    ),
    "connection_refused": (
        _say(
            "o servidor `{host}` recusou a conexão (banco da aplicação {database}, não o "
            "banco do HWA).",
            "the server `{host}` refused the connection (the application's database "
            "{database}, not HWA's database).",
        ),
        _say(
            "Acione o time responsável por `{host}` (banco {database}): o serviço está fora "
            "ou não aceita conexões. Quando voltar, peça o rerun.",
            "Call the team that runs `{host}` (database {database}): the service is down or "
            "not accepting connections. When it is back, ask for the rerun.",
        ),
    ),
    "deadlock": (
        _say(
            "o banco da aplicação desfez a transação por deadlock ou timeout de lock "
            "(SQL0911N / SQLSTATE 40001).",
            "the application's database rolled the transaction back on a deadlock or lock "
            "timeout (SQL0911N / SQLSTATE 40001).",
        ),
        _say(
            "Veja com o DBA quem segurava os locks nesse horário (SQL0911N: outro batch "
            "concorrente?); em geral um rerun fora da concorrência resolve.",
            "Ask the DBA who held the locks at that time (SQL0911N: a concurrent batch?); a "
            "rerun away from the contention usually works.",
        ),
    ),
    "user_undefined": (
        _say(
            "o usuário de logon `{user}` não existe no agente, então o job nem começou.",
            "the logon user `{user}` does not exist on the agent, so the job never started.",
        ),
        _say(
            "Crie o usuário `{user}` no agente ou corrija o logon na definição do job "
            "(composer); depois peça o rerun.",
            "Create the user `{user}` on the agent or fix the logon in the job's definition "
            "(composer); then ask for the rerun.",
        ),
    ),
    "permission_denied": (
        _say(
            "permissão negada em `{path}`.",
            "permission denied on `{path}`.",
        ),
        _say(
            "Confira dono e permissões de `{path}` para o usuário de logon do job.",
            "Check the owner and permissions of `{path}` for the job's logon user.",
        ),
    ),
    "exception": (
        _say(
            "o programa falhou com `{exception}` em `{where}`.",
            "the program failed with `{exception}` at `{where}`.",
        ),
        _say(
            "É um erro do programa: envie ao time da aplicação o stack trace do `{exception}` "
            "em `{where}` (o dado que o provocou costuma estar nas linhas antes dele).",
            "It is a program error: send the application team the stack trace of "
            "`{exception}` at `{where}` (the input that triggered it is usually in the "
            "lines before it).",
        ),
    ),
    "reconciliation": (
        _say(
            "a conciliação encontrou {count} diferenças (relatório em `{report}`): é um "
            "resultado de negócio, não uma falha técnica.",
            "the reconciliation found {count} differences (report in `{report}`): a "
            "business result, not a technical failure.",
        ),
        _say(
            "Encaminhe o relatório `{report}` à área de negócio; rerun só depois que ela "
            "tratar as diferenças.",
            "Send the report `{report}` to the business team; rerun only after they have "
            "dealt with the differences.",
        ),
    ),
    "operator_kill": (
        _say(
            "o job foi encerrado por um pedido de kill (sinal 9), não por uma falha dele.",
            "the job was ended by a kill request (signal 9), not by a failure of its own.",
        ),
        _say(
            "Veja na auditoria quem pediu o kill e por quê; reexecute quando esse motivo "
            "estiver resolvido.",
            "Check the audit log for who asked for the kill and why; rerun once that reason "
            "is dealt with.",
        ),
    ),
    "out_of_memory": (
        _say(
            "o processo ficou sem memória e foi morto pelo sistema.",
            "the process ran out of memory and was killed by the system.",
        ),
        _say(
            "Veja a memória do agente nesse horário e se outro processo competia por ela.",
            "Check the agent's memory at that time and whether another process competed.",
        ),
    ),
    "killed": (
        _say(
            "o processo foi morto com sinal 9, sem pedido de kill no HWA: pelo sistema ou "
            "por alguém no servidor.",
            "the process was killed with signal 9 without a kill request in HWA: by the "
            "system or by someone on the server.",
        ),
        _say(
            "Veja o log do sistema do agente nesse horário (falta de memória, kill manual).",
            "Check the agent's system log at that time (out of memory, a manual kill).",
        ),
    ),
}


def cause_sentence(request: HandlerRequest, cause: Cause) -> str:
    return CAUSES[cause.kind][0](request, cause)


def cause_step(request: HandlerRequest, cause: Cause) -> str:
    return CAUSES[cause.kind][1](request, cause)
