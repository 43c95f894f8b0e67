"""The words each screen speaks, in both languages. The recordings in ``assets/voice/<lang>/<key>.wav``
are made from these texts by ``python -m ui.speech.record`` (espeak-ng, its Mandarin voice ``cmn``).

Prompts are recorded rather than synthesised at run time: the PySide6-Essentials wheels carry no Qt
TextToSpeech, and a recording needs no speech engine on the kiosk.
"""

from __future__ import annotations

PROMPTS: dict[str, tuple[str, str]] = {
    "attract": ("请把身份证放在读卡区，查看您的档案。", "Place your ID card on the reader to see your archives."),
    "reading_card": ("正在读卡，请不要移开身份证。", "Reading your card. Please keep it on the reader."),
    "consent": ("需要核验人脸吗？同意请按我同意，也可以请工作人员帮助。",
                "May we check your face? Press I agree, or ask staff instead."),
    "face_check": ("请看摄像头，保持不动。", "Please look at the camera and hold still."),
    "assisted_verify": ("工作人员马上来帮助您。", "A member of staff will help you."),
    "home": ("这是您的档案，请选择一类。", "These are your archives. Choose a type."),
    "records": ("请选择要查看的档案。", "Choose a record to view."),
    "record_view": ("可以放大、翻页，或者打印档案证明。", "You can zoom, turn pages, or print a certified copy."),
    "search": ("请输入姓名或年份查找档案。", "Type a name or a year to search the catalogue."),
    "search_handwriting": ("请用手指在方框里写名字，一次写一个字，写完点一下这个字。",
                           "Write the name in the box with your finger, one character at a time, then touch it."),
    "print": ("请选择份数和用途。", "Choose the number of copies and the purpose."),
    "certify": ("请核对档案证明，然后按打印。", "Check the certified copy, then press Print."),
    "printing": ("正在打印，请稍候。", "Printing. Please wait."),
    "request": ("本服务点没有的档案，可以在这里申请调档。",
                "Request a record this point does not hold."),
    "guide": ("这里是办事指南。", "Here are the service guides."),
    "checkout": ("请取走回执和身份证，并为本次服务评分。",
                 "Take your receipt and your card, and rate this service."),
    "timeout_warning": ("您还在吗？需要更多时间请按继续。", "Are you still there? Press More time to continue."),
    "goodbye": ("您的信息已清除，请带好身份证。再见。",
                "Your information has been cleared. Remember your card. Goodbye."),
    "error": ("出现故障，请按呼叫工作人员。", "Something went wrong. Press Call staff for help."),
    "error_printer": ("打印机出了问题，您的打印已经保留。请按呼叫工作人员。",
                      "The printer has a problem. Your print is kept. Press Call staff."),
    "error_camera": ("摄像头出了问题，可以请工作人员帮您核验身份。",
                     "The camera has a problem. A member of staff can confirm who you are."),
    "error_idcard": ("读卡器出了问题，请取回身份证，并按呼叫工作人员。",
                     "The card reader has a problem. Take your card and press Call staff."),
    "error_network": ("暂时连不上区档案馆，本机保存的档案仍可查看。",
                      "The district archive cannot be reached. Records kept here can still be seen."),
    "place_card": ("请把身份证平放在箭头指的读卡区上。", "Lay your ID card flat on the reader the arrow points to."),
    "printed": ("打印好了，请从打印机下方取走证明。还需要别的服务，请按我的档案；办完请按结束。",
                "Printed. Take your copy from below the printer. Press My archives for more, or Finish."),
    "search_results": ("这是查找结果，请点一条查看或申请调档。",
                       "Here are the results. Touch one to see it or to request it."),
    "request_sent": ("申请已经提交，请记住屏幕上的取件码，回执上也印有取件码。",
                     "Your request is sent. Keep the pick-up code on the screen; it is also on your receipt."),
    "verify_certificate": ("请将档案证明上的二维码对准摄像头。",
                           "Hold the QR code of the certificate in front of the camera."),
    "verify_code": ("请按证明上二维码旁边印的验证码逐个输入，输完按核验。",
                    "Type the code printed beside the QR code, one character at a time, then press Check."),
    "out_of_service": ("本机暂停服务，请到服务窗口办理。", "This kiosk is out of service. Please go to the service window."),
    # Staff screens speak too: agents often work beside a resident who cannot read the screen.
    "agent_login": ("工作人员请放身份证并输入密码。", "Staff: place your ID card and enter your PIN."),
    "agent_session": ("代办服务，请选择要办的事。", "Agent service. Choose what to do."),
    "proxy_request": ("请填写代办申请并请委托人签字。", "Fill in the request and have it signed."),
    "technician_login": ("技术人员请放身份证并输入密码。", "Technician: place your ID card and enter your PIN."),
    "diagnostics": ("设备检测。", "Device diagnostics."),
}

#: espeak-ng voice per UI language.
VOICES = {"zh_CN": "cmn", "en": "en"}


def prompt_text(key: str, language: str) -> str:
    zh, en = PROMPTS[key]
    return en if language == "en" else zh
