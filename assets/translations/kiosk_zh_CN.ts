<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>CodeKeypad</name>
    <message>
        <source>⌫ Delete</source>
        <translation>⌫ 删除</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>核验</translation>
    </message>
</context>
<context>
    <name>AgentLoginScreen</name>
    <message>
        <location filename="../../ui/screens/agent_login.py" line="17"/>
        <source>Staff sign-in</source>
        <translation>工作人员登录</translation>
    </message>
    <message>
        <location filename="../../ui/screens/agent_login.py" line="18"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/screens/agent_login.py" line="19"/>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <location filename="../../ui/screens/agent_login.py" line="30"/>
        <source>This card is not registered for agent service.</source>
        <translation>此证件未登记为代办员。</translation>
    </message>
</context>
<context>
    <name>AgentSessionScreen</name>
    <message>
        <location filename="../../ui/screens/agent_session.py" line="16"/>
        <source>Agent service (代办)</source>
        <translation>代办服务</translation>
    </message>
    <message>
        <location filename="../../ui/screens/agent_session.py" line="18"/>
        <source>Resident here: ask them to place their ID card on the reader. They still confirm who they are; large text is on.</source>
        <translation>居民在场：请居民把身份证放在读卡区，仍需核验身份；已开启大字。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/agent_session.py" line="20"/>
        <source>Resident cannot come: file a request for them with their authorisation letter and ID.</source>
        <translation>居民不能到场：凭授权委托书和身份证代为申请。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/agent_session.py" line="23"/>
        <source>Sign out</source>
        <translation>退出登录</translation>
    </message>
    <message>
        <location filename="../../ui/screens/agent_session.py" line="24"/>
        <source>Request for an absent resident</source>
        <translation>为不能到场的居民申请</translation>
    </message>
    <message>
        <location filename="../../ui/screens/agent_session.py" line="28"/>
        <source>Signed in: %1</source>
        <translation>已登录：%1</translation>
    </message>
</context>
<context>
    <name>AgentVerifyScreen</name>
    <message>
        <location filename="../../ui/screens/agent_verify.py" line="70"/>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <location filename="../../ui/screens/agent_verify.py" line="96"/>
        <source>A member of staff signs in first: their own ID card, then their PIN.</source>
        <translation>请工作人员先登录：放上本人身份证，再输入密码。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/agent_verify.py" line="99"/>
        <source>This card is not registered for agent service.</source>
        <translation>此证件未登记为代办员。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/agent_verify.py" line="111"/>
        <source>Signed in: %1</source>
        <translation>已登录：%1</translation>
    </message>
    <message>
        <location filename="../../ui/screens/agent_verify.py" line="26"/>
        <source>Staff: confirm who the resident is</source>
        <translation>工作人员：核验居民身份</translation>
    </message>
    <message>
        <location filename="../../ui/screens/agent_verify.py" line="33"/>
        <source>Resident declined the face check</source>
        <translation>居民不同意人脸核验</translation>
    </message>
    <message>
        <location filename="../../ui/screens/agent_verify.py" line="34"/>
        <source>Face check failed; I checked the card</source>
        <translation>人脸核验未通过，已人工比对证件</translation>
    </message>
    <message>
        <location filename="../../ui/screens/agent_verify.py" line="35"/>
        <source>Resident cannot use the camera</source>
        <translation>居民无法使用摄像头</translation>
    </message>
    <message>
        <location filename="../../ui/screens/agent_verify.py" line="36"/>
        <source>Card photo too old or unreadable</source>
        <translation>证件照片过旧或无法识别</translation>
    </message>
    <message>
        <location filename="../../ui/screens/agent_verify.py" line="49"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/screens/agent_verify.py" line="50"/>
        <source>Identity confirmed</source>
        <translation>身份已核验</translation>
    </message>
    <message>
        <location filename="../../ui/screens/agent_verify.py" line="73"/>
        <source>The resident declined the face check.</source>
        <translation>居民不同意人脸核验。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/agent_verify.py" line="75"/>
        <source>The face check did not confirm the resident.</source>
        <translation>人脸核验未能确认本人。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/agent_verify.py" line="77"/>
        <source>The camera is not working.</source>
        <translation>摄像头出现故障。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/agent_verify.py" line="78"/>
        <source>The face check could not be used.</source>
        <translation>无法进行人脸核验。</translation>
    </message>
</context>
<context>
    <name>AssistedVerifyScreen</name>
    <message>
        <location filename="../../ui/screens/identify.py" line="40"/>
        <source>A member of staff will help you</source>
        <translation>工作人员马上来帮助您</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="42"/>
        <source>Please wait here. Staff check your card with you and confirm who you are.</source>
        <translation>请在这里稍候，工作人员会与您一起核对证件并确认身份。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="44"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="45"/>
        <source>Staff: identity confirmed</source>
        <translation>工作人员：身份已核验</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="50"/>
        <source>You chose not to use the face check.</source>
        <translation>您选择不使用人脸核验。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="52"/>
        <source>The face check did not succeed.</source>
        <translation>人脸核验没有通过。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="54"/>
        <source>The camera is not working.</source>
        <translation>摄像头出现故障。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="56"/>
        <source>You asked for staff.</source>
        <translation>您选择了由工作人员帮助。</translation>
    </message>
</context>
<context>
    <name>AttractScreen</name>
    <message>
        <location filename="../../ui/screens/attract.py" line="18"/>
        <source>Place your ID card on the reader to see your archives.</source>
        <translation>请把身份证放在读卡区，查看您的档案。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/attract.py" line="20"/>
        <source>Social insurance, marriage, real estate, school records and more.</source>
        <translation>社保、婚姻、不动产、学籍等民生档案。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/attract.py" line="28"/>
        <source>▼  The card reader is below the screen, on the right  ▼</source>
        <translation>▼  读卡区在屏幕下方右侧  ▼</translation>
    </message>
    <message>
        <location filename="../../ui/screens/attract.py" line="31"/>
        <source>Verify a certificate</source>
        <translation>核验档案证明</translation>
    </message>
    <message>
        <location filename="../../ui/screens/attract.py" line="32"/>
        <source>Service guides</source>
        <translation>办事指南</translation>
    </message>
    <message>
        <location filename="../../ui/screens/attract.py" line="33"/>
        <source>How to start</source>
        <translation>身份证怎么放？</translation>
    </message>
    <message>
        <source>▼  The card reader is below the screen, on the left  ▼</source>
        <translation>▼  读卡区在屏幕下方左侧  ▼</translation>
    </message>
    <message>
        <source>▼  The card reader is below the screen  ▼</source>
        <translation>▼  读卡区在屏幕正下方  ▼</translation>
    </message>
    <message>
        <source>The card reader is to the right of the screen  ▶</source>
        <translation>读卡区在屏幕右侧  ▶</translation>
    </message>
</context>
<context>
    <name>CertifyScreen</name>
    <message>
        <location filename="../../ui/screens/certify.py" line="18"/>
        <source>Your certified copy</source>
        <translation>您的档案证明</translation>
    </message>
    <message>
        <location filename="../../ui/screens/certify.py" line="44"/>
        <source>◀ Change options</source>
        <translation>◀ 修改选项</translation>
    </message>
    <message>
        <location filename="../../ui/screens/certify.py" line="45"/>
        <source>My archives</source>
        <translation>我的档案</translation>
    </message>
    <message>
        <location filename="../../ui/screens/certify.py" line="46"/>
        <source>Print</source>
        <translation>打印</translation>
    </message>
    <message>
        <location filename="../../ui/screens/certify.py" line="47"/>
        <source>Finish and take receipt</source>
        <translation>结束并取回执</translation>
    </message>
    <message>
        <location filename="../../ui/screens/certify.py" line="60"/>
        <source>Preparing the preview…</source>
        <translation>正在生成预览…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/certify.py" line="63"/>
        <source>%1
Copies: %2</source>
        <translation>%1
份数：%2</translation>
    </message>
    <message>
        <location filename="../../ui/screens/certify.py" line="66"/>
        <source>Check the copy, then press Print.</source>
        <translation>请核对证明内容，然后按“打印”。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/certify.py" line="67"/>
        <source>Printing… please wait by the printer.</source>
        <translation>正在打印…请在打印机旁稍候。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/certify.py" line="68"/>
        <source>The copy waits for the printer.</source>
        <translation>证明正在等待打印机。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/certify.py" line="69"/>
        <source>✔ Printed. Take your copy from the printer below.</source>
        <translation>✔ 已打印，请从下方打印机取走证明。</translation>
    </message>
    <message>
        <source>Read the copy in large print</source>
        <translation>放大看证明</translation>
    </message>
    <message>
        <source>Preparing the copy…</source>
        <translation>正在准备证明……</translation>
    </message>
</context>
<context>
    <name>CheckoutScreen</name>
    <message>
        <location filename="../../ui/screens/checkout.py" line="19"/>
        <source>Thank you</source>
        <translation>谢谢</translation>
    </message>
    <message>
        <location filename="../../ui/screens/checkout.py" line="34"/>
        <source>How was this service? 1 = poor, 5 = very good</source>
        <translation>请为本次服务评分：1 = 很差，5 = 很好</translation>
    </message>
    <message>
        <location filename="../../ui/screens/checkout.py" line="51"/>
        <source>Finish</source>
        <translation>结束</translation>
    </message>
    <message>
        <location filename="../../ui/screens/checkout.py" line="57"/>
        <source>Printing your receipt…</source>
        <translation>正在打印回执…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/checkout.py" line="58"/>
        <source>✔ Take your receipt and your ID card.</source>
        <translation>✔ 请取走回执和身份证。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/checkout.py" line="59"/>
        <source>The receipt could not be printed; staff can give you one.</source>
        <translation>回执没有打印出来，工作人员可以为您补打。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/checkout.py" line="66"/>
        <source>✔ Thank you for rating: %1 of 5</source>
        <translation>✔ 感谢您的评分：%1 分（满分 5 分）</translation>
    </message>
    <message>
        <source>How was this service?</source>
        <translation>您对本次服务满意吗？</translation>
    </message>
    <message>
        <source>✔ Thank you: %1</source>
        <translation>✔ 谢谢您的评价：%1</translation>
    </message>
</context>
<context>
    <name>ConsentScreen</name>
    <message>
        <location filename="../../ui/screens/identify.py" line="26"/>
        <source>May we check your face?</source>
        <translation>可以核验您的人脸吗？</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="27"/>
        <source>The camera compares your face with the photo on your card, on this kiosk only. No picture is kept.</source>
        <translation>摄像头把您的面部与身份证照片比对，只在本机进行，不保存任何图像。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="29"/>
        <source>If you prefer, a member of staff can confirm who you are instead.</source>
        <translation>如果您不愿意，也可以由工作人员核验身份。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="31"/>
        <source>Ask staff instead</source>
        <translation>请工作人员帮助</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="32"/>
        <source>I agree</source>
        <translation>我同意</translation>
    </message>
</context>
<context>
    <name>DiagnosticsScreen</name>
    <message>
        <location filename="../../ui/screens/diagnostics.py" line="56"/>
        <source>Diagnostics</source>
        <translation>设备诊断</translation>
    </message>
    <message>
        <location filename="../../ui/screens/diagnostics.py" line="89"/>
        <source>Test all</source>
        <translation>全部检测</translation>
    </message>
    <message>
        <location filename="../../ui/screens/diagnostics.py" line="90"/>
        <source>Support bundle</source>
        <translation>支持信息包</translation>
    </message>
    <message>
        <location filename="../../ui/screens/diagnostics.py" line="91"/>
        <source>Out of service</source>
        <translation>暂停服务</translation>
    </message>
    <message>
        <location filename="../../ui/screens/diagnostics.py" line="92"/>
        <source>Leave the kiosk</source>
        <translation>离开本机</translation>
    </message>
    <message>
        <location filename="../../ui/screens/diagnostics.py" line="93"/>
        <source>Back to service</source>
        <translation>恢复服务</translation>
    </message>
    <message>
        <location filename="../../ui/screens/diagnostics.py" line="110"/>
        <source>testing…</source>
        <translation>检测中…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/diagnostics.py" line="142"/>
        <source>live: %1 fps, %2</source>
        <translation>实时：%1 帧/秒，%2</translation>
    </message>
    <message>
        <location filename="../../ui/screens/diagnostics.py" line="143"/>
        <source>face found</source>
        <translation>已检测到人脸</translation>
    </message>
    <message>
        <location filename="../../ui/screens/diagnostics.py" line="143"/>
        <source>no face</source>
        <translation>未检测到人脸</translation>
    </message>
</context>
<context>
    <name>ErrorScreen</name>
    <message>
        <location filename="../../ui/screens/error.py" line="20"/>
        <source>Something went wrong</source>
        <translation>出现故障</translation>
    </message>
    <message>
        <location filename="../../ui/screens/error.py" line="26"/>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <location filename="../../ui/screens/error.py" line="27"/>
        <source>Try again</source>
        <translation>重试</translation>
    </message>
    <message>
        <location filename="../../ui/screens/error.py" line="28"/>
        <source>Ask staff to confirm my identity</source>
        <translation>请工作人员核验我的身份</translation>
    </message>
    <message>
        <location filename="../../ui/screens/error.py" line="29"/>
        <source>Call staff</source>
        <translation>呼叫工作人员</translation>
    </message>
    <message>
        <location filename="../../ui/screens/error.py" line="38"/>
        <source>Error code: %1</source>
        <translation>故障代码：%1</translation>
    </message>
    <message>
        <location filename="../../ui/screens/error.py" line="43"/>
        <source>✔ Staff have been called. Please wait here.</source>
        <translation>✔ 已呼叫工作人员，请在这里稍候。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/error.py" line="48"/>
        <source>The printer has run out of paper.</source>
        <translation>打印机缺纸。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/error.py" line="49"/>
        <source>Your print is kept and waits. Staff will add paper; then press Try again.</source>
        <translation>打印任务已保留等待。工作人员加纸后，请按“重试”。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/error.py" line="51"/>
        <source>The printer cover is open.</source>
        <translation>打印机盖没有关好。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/error.py" line="51"/>
        <source>Please call staff to close it, then try again.</source>
        <translation>请呼叫工作人员关好后重试。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/error.py" line="53"/>
        <source>Paper is stuck in the printer.</source>
        <translation>打印机卡纸。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/error.py" line="53"/>
        <source>Please call staff. Do not open the printer.</source>
        <translation>请呼叫工作人员，不要自行打开打印机。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/error.py" line="55"/>
        <source>The printer is not working.</source>
        <translation>打印机出现故障。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/error.py" line="56"/>
        <source>Your print is kept and waits. Please call staff.</source>
        <translation>打印任务已保留等待，请呼叫工作人员。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/error.py" line="58"/>
        <source>The camera is not working.</source>
        <translation>摄像头出现故障。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/error.py" line="59"/>
        <source>A member of staff can confirm who you are instead.</source>
        <translation>可以由工作人员为您核验身份。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/error.py" line="61"/>
        <source>The card reader is not working.</source>
        <translation>读卡器出现故障。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/error.py" line="62"/>
        <source>Please take your card and call staff.</source>
        <translation>请取回身份证并呼叫工作人员。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/error.py" line="64"/>
        <source>The archive is being updated.</source>
        <translation>档案正在更新。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/error.py" line="65"/>
        <source>Please try again in a few minutes, or ask staff for help.</source>
        <translation>请几分钟后再试，或请工作人员帮助。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/error.py" line="64"/>
        <source>The connection to the district archive is down.</source>
        <translation>与区档案馆的连接已中断。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/error.py" line="65"/>
        <source>Records kept at this point can still be seen. Please try again later or call staff.</source>
        <translation>本服务点保存的档案仍可查看。请稍后再试或呼叫工作人员。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/error.py" line="66"/>
        <source>A part of this kiosk is not working.</source>
        <translation>本机部分功能出现故障。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/error.py" line="66"/>
        <source>Please call staff.</source>
        <translation>请呼叫工作人员。</translation>
    </message>
    <message>
        <source>For staff: [%1]</source>
        <translation>工作人员代码：「%1」</translation>
    </message>
</context>
<context>
    <name>FaceCheckScreen</name>
    <message>
        <location filename="../../ui/screens/face.py" line="23"/>
        <source>Please look at the camera</source>
        <translation>请看摄像头</translation>
    </message>
    <message>
        <location filename="../../ui/screens/face.py" line="47"/>
        <source>Ask staff instead</source>
        <translation>请工作人员帮助</translation>
    </message>
    <message>
        <location filename="../../ui/screens/face.py" line="53"/>
        <source>Attempt %1 of %2</source>
        <translation>第 %1 次，共 %2 次</translation>
    </message>
    <message>
        <location filename="../../ui/screens/face.py" line="73"/>
        <source>Please blink your eyes</source>
        <translation>请眨眨眼</translation>
    </message>
    <message>
        <location filename="../../ui/screens/face.py" line="74"/>
        <source>Please turn your head slowly to your left</source>
        <translation>请慢慢向左转头</translation>
    </message>
    <message>
        <location filename="../../ui/screens/face.py" line="75"/>
        <source>Please turn your head slowly to your right</source>
        <translation>请慢慢向右转头</translation>
    </message>
    <message>
        <location filename="../../ui/screens/face.py" line="76"/>
        <source>We cannot see a face. Stand in front of the camera.</source>
        <translation>没有看到人脸，请站在摄像头前。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/face.py" line="77"/>
        <source>It is too dark. Step closer to the light.</source>
        <translation>光线太暗，请靠近灯光。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/face.py" line="78"/>
        <source>Please come a little closer.</source>
        <translation>请再靠近一点。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/face.py" line="79"/>
        <source>Please step back a little.</source>
        <translation>请稍微后退。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/face.py" line="80"/>
        <source>Please hold still.</source>
        <translation>请保持不动。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/face.py" line="81"/>
        <source>Only one person in front of the camera, please.</source>
        <translation>摄像头前请只留一人。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/face.py" line="82"/>
        <location filename="../../ui/screens/face.py" line="84"/>
        <source>Hold still for a moment.</source>
        <translation>请保持不动。</translation>
    </message>
</context>
<context>
    <name>GoodbyeScreen</name>
    <message>
        <location filename="../../ui/screens/goodbye.py" line="15"/>
        <source>Goodbye</source>
        <translation>再见</translation>
    </message>
    <message>
        <location filename="../../ui/screens/goodbye.py" line="16"/>
        <source>Your information has been cleared from this kiosk.</source>
        <translation>您的信息已从本机清除。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/goodbye.py" line="17"/>
        <source>Remember to take your ID card and your receipt.</source>
        <translation>请带好身份证和回执。</translation>
    </message>
</context>
<context>
    <name>HomeScreen</name>
    <message>
        <location filename="../../ui/screens/home.py" line="21"/>
        <source>Your archives</source>
        <translation>您的档案</translation>
    </message>
    <message>
        <location filename="../../ui/screens/home.py" line="29"/>
        <source>Search the catalogue</source>
        <translation>检索目录</translation>
    </message>
    <message>
        <location filename="../../ui/screens/home.py" line="30"/>
        <source>Request a record</source>
        <translation>申请调档</translation>
    </message>
    <message>
        <location filename="../../ui/screens/home.py" line="31"/>
        <source>Service guides</source>
        <translation>办事指南</translation>
    </message>
    <message>
        <location filename="../../ui/screens/home.py" line="32"/>
        <source>Finish</source>
        <translation>结束</translation>
    </message>
    <message>
        <location filename="../../ui/screens/home.py" line="37"/>
        <source>Hello, %1</source>
        <translation>您好，%1</translation>
    </message>
    <message>
        <location filename="../../ui/screens/home.py" line="42"/>
        <source>Loading your archives…</source>
        <translation>正在查找您的档案…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/home.py" line="44"/>
        <source>No archives linked to your card are held here. Search the catalogue or request a record.</source>
        <translation>本服务点没有与您身份证关联的档案。可以检索目录或申请调档。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/screens/home.py" line="47"/>
        <source>%n record(s) found.</source>
        <translation>
            <numerusform>共找到 %n 件档案。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>NetworkWatch</name>
    <message>
        <location filename="../../ui/flows/network.py" line="39"/>
        <source>never updated</source>
        <translation>尚未更新</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/flows/network.py" line="42"/>
        <source>updated %n minute(s) ago</source>
        <translation>
            <numerusform>%n 分钟前更新</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/flows/network.py" line="43"/>
        <source>⚠ Offline: showing the records kept at this point (%1). Requests are sent when the connection is back.</source>
        <translation>⚠ 离线：正在显示本服务点保存的档案（%1）。申请将在网络恢复后发送。</translation>
    </message>
</context>
<context>
    <name>OnScreenKeyboard</name>
    <message>
        <location filename="../../ui/widgets/keyboard.py"/>
        <source>Space</source>
        <translation>空格</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/keyboard.py"/>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/keyboard.py"/>
        <source>Type a year or a number.</source>
        <translation>输入年份或证件上的数字。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/keyboard.py"/>
        <source>Type the pinyin, then touch the character.</source>
        <translation>输入拼音，再点选汉字。</translation>
    </message>
</context>
<context>
    <name>OutOfServiceScreen</name>
    <message>
        <location filename="../../ui/screens/out_of_service.py" line="32"/>
        <source>This kiosk is out of service</source>
        <translation>本机暂停服务</translation>
    </message>
    <message>
        <location filename="../../ui/screens/out_of_service.py" line="33"/>
        <source>We are sorry. Please ask at the service window of %1.</source>
        <translation>抱歉，请到%1服务窗口办理。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/out_of_service.py" line="35"/>
        <source>Phone: %1</source>
        <translation>电话：%1</translation>
    </message>
    <message>
        <location filename="../../ui/screens/out_of_service.py" line="36"/>
        <source>Staff have been told and will repair it as soon as possible.</source>
        <translation>已通知工作人员，将尽快修复。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/out_of_service.py" line="38"/>
        <source>Staff sign-in</source>
        <translation>工作人员登录</translation>
    </message>
</context>
<context>
    <name>StartFaultScreen</name>
    <message>
        <source>This kiosk is out of service</source>
        <translation>本机暂停服务</translation>
    </message>
    <message>
        <source>We are sorry. Please ask at the service window of %1.</source>
        <translation>抱歉，请到%1服务窗口办理。</translation>
    </message>
    <message>
        <source>Phone: %1</source>
        <translation>电话：%1</translation>
    </message>
    <message>
        <source>The kiosk&apos;s storage is full.</source>
        <translation>本机存储空间已满，暂时无法使用。</translation>
    </message>
    <message>
        <source>The kiosk cannot read or write its own data.</source>
        <translation>本机数据存储出现故障，暂时无法使用。</translation>
    </message>
    <message>
        <source>For staff: [%1]</source>
        <translation>工作人员代码：「%1」</translation>
    </message>
</context>
<context>
    <name>PrintOptionsScreen</name>
    <message>
        <location filename="../../ui/screens/print_options.py" line="23"/>
        <source>Print a certified copy</source>
        <extracomment>Purposes offered as buttons (the certificate records the Chinese wording).</extracomment>
        <translation>打印档案证明</translation>
    </message>
    <message>
        <location filename="../../ui/screens/print_options.py" line="28"/>
        <source>− One fewer</source>
        <translation>− 少一份</translation>
    </message>
    <message>
        <location filename="../../ui/screens/print_options.py" line="30"/>
        <source>+ One more</source>
        <translation>+ 多一份</translation>
    </message>
    <message>
        <location filename="../../ui/screens/print_options.py" line="33"/>
        <source>What is the copy for?</source>
        <translation>证明的用途：</translation>
    </message>
    <message>
        <location filename="../../ui/screens/print_options.py" line="43"/>
        <source>◀ Back</source>
        <translation>◀ 返回</translation>
    </message>
    <message>
        <location filename="../../ui/screens/print_options.py" line="44"/>
        <source>See the copy</source>
        <translation>预览证明</translation>
    </message>
    <message>
        <location filename="../../ui/screens/print_options.py" line="47"/>
        <source>Pension</source>
        <translation>养老保险</translation>
    </message>
    <message>
        <location filename="../../ui/screens/print_options.py" line="47"/>
        <source>Housing</source>
        <translation>不动产</translation>
    </message>
    <message>
        <location filename="../../ui/screens/print_options.py" line="47"/>
        <source>School</source>
        <translation>入学</translation>
    </message>
    <message>
        <location filename="../../ui/screens/print_options.py" line="48"/>
        <source>Court</source>
        <translation>诉讼</translation>
    </message>
    <message>
        <location filename="../../ui/screens/print_options.py" line="48"/>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <location filename="../../ui/screens/print_options.py" line="55"/>
        <source>Copies: %1</source>
        <translation>份数：%1</translation>
    </message>
</context>
<context>
    <name>ProxyRequestScreen</name>
    <message>
        <source>◀ Previous step</source>
        <translation>◀ 上一步</translation>
    </message>
    <message>
        <source>Next step ▶</source>
        <translation>下一步 ▶</translation>
    </message>
    <message>
        <location filename="../../ui/screens/proxy_request.py" line="28"/>
        <source>Request for an absent resident</source>
        <translation>为不能到场的居民申请</translation>
    </message>
    <message>
        <location filename="../../ui/screens/proxy_request.py" line="36"/>
        <source>Resident&apos;s name</source>
        <translation>居民姓名</translation>
    </message>
    <message>
        <location filename="../../ui/screens/proxy_request.py" line="37"/>
        <source>Resident&apos;s ID number</source>
        <translation>居民身份证号</translation>
    </message>
    <message>
        <location filename="../../ui/screens/proxy_request.py" line="38"/>
        <source>Record</source>
        <translation>档案</translation>
    </message>
    <message>
        <location filename="../../ui/screens/proxy_request.py" line="39"/>
        <source>Purpose</source>
        <translation>用途</translation>
    </message>
    <message>
        <location filename="../../ui/screens/proxy_request.py" line="40"/>
        <source>Owning archive</source>
        <translation>档案所在馆</translation>
    </message>
    <message>
        <location filename="../../ui/screens/proxy_request.py" line="41"/>
        <source>Your relationship</source>
        <translation>与居民的关系</translation>
    </message>
    <message>
        <location filename="../../ui/screens/proxy_request.py" line="47"/>
        <source>Photo: authorisation letter</source>
        <translation>拍摄授权委托书</translation>
    </message>
    <message>
        <location filename="../../ui/screens/proxy_request.py" line="48"/>
        <source>Photo: resident&apos;s ID</source>
        <translation>拍摄居民身份证</translation>
    </message>
    <message>
        <location filename="../../ui/screens/proxy_request.py" line="51"/>
        <source>Missing a material? Tick it; the resident&apos;s signed commitment lets the request go ahead now (告知承诺).</source>
        <translation>缺少材料？请勾选；居民签署告知承诺书后即可先行受理。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/proxy_request.py" line="66"/>
        <source>Clear the signature</source>
        <translation>清除签名</translation>
    </message>
    <message>
        <location filename="../../ui/screens/proxy_request.py" line="69"/>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <location filename="../../ui/screens/proxy_request.py" line="70"/>
        <source>Send the request</source>
        <translation>发送申请</translation>
    </message>
    <message>
        <location filename="../../ui/screens/proxy_request.py" line="96"/>
        <source>authorisation letter</source>
        <translation>授权委托书</translation>
    </message>
    <message>
        <location filename="../../ui/screens/proxy_request.py" line="96"/>
        <source>resident&apos;s ID</source>
        <translation>居民身份证</translation>
    </message>
    <message>
        <location filename="../../ui/screens/proxy_request.py" line="98"/>
        <source>Photographed: %1</source>
        <translation>已拍摄：%1</translation>
    </message>
</context>
<context>
    <name>ReadingCardScreen</name>
    <message>
        <location filename="../../ui/screens/identify.py" line="16"/>
        <source>Reading your card…</source>
        <translation>正在读卡…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="17"/>
        <source>Please keep the card on the reader.</source>
        <translation>请不要移开身份证。</translation>
    </message>
    <message>
        <source>About 3 seconds</source>
        <translation>约 3 秒</translation>
    </message>
</context>
<context>
    <name>RecordViewScreen</name>
    <message>
        <location filename="../../ui/screens/record_view.py" line="33"/>
        <source>◀ Page</source>
        <translation>◀ 上一页</translation>
    </message>
    <message>
        <location filename="../../ui/screens/record_view.py" line="33"/>
        <source>Page ▶</source>
        <translation>下一页 ▶</translation>
    </message>
    <message>
        <location filename="../../ui/screens/record_view.py" line="37"/>
        <source>Smaller −</source>
        <translation>缩小 −</translation>
    </message>
    <message>
        <location filename="../../ui/screens/record_view.py" line="37"/>
        <source>Larger +</source>
        <translation>放大 +</translation>
    </message>
    <message>
        <location filename="../../ui/screens/record_view.py" line="43"/>
        <source>◀ Back</source>
        <translation>◀ 返回</translation>
    </message>
    <message>
        <location filename="../../ui/screens/record_view.py" line="44"/>
        <source>Print a certified copy</source>
        <translation>打印档案证明</translation>
    </message>
    <message>
        <location filename="../../ui/screens/record_view.py" line="45"/>
        <source>Finish</source>
        <translation>结束</translation>
    </message>
    <message>
        <location filename="../../ui/screens/record_view.py" line="67"/>
        <source>Type: %1</source>
        <translation>类别：%1</translation>
    </message>
    <message>
        <location filename="../../ui/screens/record_view.py" line="68"/>
        <source>Year: %1</source>
        <translation>年份：%1</translation>
    </message>
    <message>
        <location filename="../../ui/screens/record_view.py" line="69"/>
        <source>Reference: %1</source>
        <translation>档号：%1</translation>
    </message>
    <message>
        <location filename="../../ui/screens/record_view.py" line="70"/>
        <source>Issued by: %1</source>
        <translation>责任者：%1</translation>
    </message>
    <message>
        <location filename="../../ui/screens/record_view.py" line="83"/>
        <source>Loading pages…</source>
        <translation>正在载入页面…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/record_view.py" line="85"/>
        <source>Page %1 of %2, zoom %3×</source>
        <translation>第 %1 页，共 %2 页，放大 %3 倍</translation>
    </message>
</context>
<context>
    <name>RecordsScreen</name>
    <message>
        <location filename="../../ui/screens/records.py" line="22"/>
        <source>◀ Back</source>
        <translation>◀ 返回</translation>
    </message>
    <message>
        <location filename="../../ui/screens/records.py" line="23"/>
        <source>Finish</source>
        <translation>结束</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <comment>office, year</comment>
        <translation>%1 · %2年</translation>
    </message>
    <message>
        <source>View ›</source>
        <translation>查看 ›</translation>
    </message>
</context>
<context>
    <name>RequestScreen</name>
    <message>
        <location filename="../../ui/screens/request.py" line="18"/>
        <source>Request a record</source>
        <translation>申请调档</translation>
    </message>
    <message>
        <location filename="../../ui/screens/request.py" line="30"/>
        <source>− 10 years</source>
        <translation>− 10 年</translation>
    </message>
    <message>
        <location filename="../../ui/screens/request.py" line="31"/>
        <source>− 1</source>
        <translation>− 1</translation>
    </message>
    <message>
        <location filename="../../ui/screens/request.py" line="35"/>
        <source>+ 1</source>
        <translation>+ 1</translation>
    </message>
    <message>
        <location filename="../../ui/screens/request.py" line="36"/>
        <source>+ 10 years</source>
        <translation>+ 10 年</translation>
    </message>
    <message>
        <location filename="../../ui/screens/request.py" line="40"/>
        <source>◀ Back</source>
        <translation>◀ 返回</translation>
    </message>
    <message>
        <location filename="../../ui/screens/request.py" line="41"/>
        <source>Send the request</source>
        <translation>发送申请</translation>
    </message>
    <message>
        <location filename="../../ui/screens/request.py" line="49"/>
        <source>Year: %1</source>
        <translation>年份：%1</translation>
    </message>
    <message>
        <location filename="../../ui/screens/request.py" line="52"/>
        <source>✔ Request %1 sent. Pick-up code %2; ready in about %3 working days.</source>
        <translation>✔ 申请 %1 已发送。取件码 %2，约 %3 个工作日后可领取。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/request.py" line="56"/>
        <source>Choose the kind of record and the year, then send. The owning archive sends it here; you pick it up at this point.</source>
        <translation>请选择档案类别和年份后发送。档案所在馆会把档案转到这里，您在本服务点领取。</translation>
    </message>
    <message>
        <source>Pick-up code: %1</source>
        <translation>取件码：%1</translation>
    </message>
    <message numerus="yes">
        <source>✔ Your request is sent. It will be ready here in about %n working day(s).</source>
        <translation>
            <numerusform>✔ 申请已提交，约 %n 个工作日后可在本服务点领取。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Screen</name>
    <message>
        <location filename="../../ui/screens/base.py" line="86"/>
        <source>language-code</source>
        <extracomment>Something on this screen asks the controller to act: (action name, payload). The key of the spoken prompt (``ui.speech.prompts``); also the screen&apos;s name in the walkthrough.</extracomment>
        <translation>zh_CN</translation>
    </message>
</context>
<context>
    <name>SearchScreen</name>
    <message>
        <location filename="../../ui/screens/search.py"/>
        <source>Search</source>
        <translation>检索</translation>
    </message>
    <message>
        <location filename="../../ui/screens/search.py"/>
        <source>✎ Change the search</source>
        <translation>✎ 修改检索词</translation>
    </message>
    <message>
        <location filename="../../ui/screens/search.py"/>
        <source>◀ Back</source>
        <translation>◀ 返回</translation>
    </message>
    <message>
        <location filename="../../ui/screens/search.py"/>
        <source>Request a record</source>
        <translation>申请调档</translation>
    </message>
    <message>
        <location filename="../../ui/screens/search.py"/>
        <source>Write</source>
        <translation>手写</translation>
    </message>
    <message>
        <location filename="../../ui/screens/search.py"/>
        <source>Pinyin</source>
        <translation>拼音</translation>
    </message>
    <message>
        <location filename="../../ui/screens/search.py"/>
        <source>123</source>
        <translation>123</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/screens/search.py"/>
        <source>“%1”: %n result(s).</source>
        <translation>
            <numerusform>「%1」：找到 %n 条。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/screens/search.py"/>
        <source>Records marked ▶ are yours and can be opened; the others can be requested.</source>
        <translation>标有 ▶ 的是您本人的档案，可以打开；其他的可以申请调档。</translation>
    </message>
</context>
<context>
    <name>StaffPinScreen</name>
    <message>
        <location filename="../../ui/screens/staff_pin.py" line="25"/>
        <source>Place your own ID card on the reader.</source>
        <extracomment>The action &quot;Sign in&quot; emits with the PIN.</extracomment>
        <translation>请把您本人的身份证放在读卡区。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/staff_pin.py" line="56"/>
        <source>Card: %1. Enter your PIN.</source>
        <translation>证件：%1。请输入密码。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/staff_pin.py" line="65"/>
        <source>Too many wrong PINs. This card is locked for %1 minutes.</source>
        <translation>密码错误次数过多，此证件锁定 %1 分钟。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/staff_pin.py" line="67"/>
        <source>Wrong PIN. %1 attempts left.</source>
        <translation>密码错误，还可以试 %1 次。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/staff_pin.py" line="71"/>
        <source>Sign-in is not possible right now.</source>
        <translation>现在无法登录。</translation>
    </message>
</context>
<context>
    <name>TechnicianLoginScreen</name>
    <message>
        <location filename="../../ui/screens/diagnostics.py" line="38"/>
        <source>Technician sign-in</source>
        <extracomment>Each device&apos;s own tool beside its self-test: (action, button text).</extracomment>
        <translation>技术人员登录</translation>
    </message>
    <message>
        <location filename="../../ui/screens/diagnostics.py" line="39"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/screens/diagnostics.py" line="42"/>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <location filename="../../ui/screens/diagnostics.py" line="47"/>
        <source>This card is not registered for technician service.</source>
        <translation>此证件未登记为技术维护人员。</translation>
    </message>
</context>
<context>
    <name>TimeoutWarningScreen</name>
    <message>
        <location filename="../../ui/screens/timeout.py" line="17"/>
        <source>Are you still there?</source>
        <translation>您还在吗？</translation>
    </message>
    <message>
        <location filename="../../ui/screens/timeout.py" line="20"/>
        <source>Finish now</source>
        <translation>现在结束</translation>
    </message>
    <message>
        <location filename="../../ui/screens/timeout.py" line="21"/>
        <source>More time</source>
        <translation>继续使用</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/screens/timeout.py" line="35"/>
        <source>For your privacy this session ends in %n second(s).</source>
        <translation>
            <numerusform>为保护您的隐私，本次服务将在 %n 秒后结束。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TopBar</name>
    <message>
        <location filename="../../ui/widgets/top_bar.py" line="58"/>
        <source>on</source>
        <extracomment>&quot;language&quot; | &quot;elder&quot; | &quot;contrast&quot; | &quot;mute&quot; | &quot;repeat&quot;</extracomment>
        <translation>开</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/top_bar.py" line="58"/>
        <source>off</source>
        <translation>关</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/top_bar.py" line="59"/>
        <source>Large text: %1</source>
        <translation>大字：%1</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/top_bar.py" line="60"/>
        <source>Contrast: %1</source>
        <translation>高对比：%1</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/top_bar.py" line="61"/>
        <source>Sound: %1</source>
        <translation>声音：%1</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/top_bar.py" line="62"/>
        <source>Say again</source>
        <translation>再听一遍</translation>
    </message>
    <message>
        <source>Community archive service point</source>
        <translation>社区档案便民服务点</translation>
    </message>
</context>
<context>
    <name>VerifyCertificateScreen</name>
    <message>
        <source>Many certificates were checked just now. Please wait a minute and try again.</source>
        <translation>刚才核验的次数太多。请等一分钟后再试。</translation>
    </message>
    <message>
        <source>Use the camera</source>
        <translation>改用摄像头</translation>
    </message>
    <message>
        <source>Type the code</source>
        <translation>输入验证码</translation>
    </message>
    <message>
        <source>Cannot check now</source>
        <translation>暂时无法核验</translation>
    </message>
    <message>
        <source>The district archive cannot be reached just now. Please try again later, or hold the QR code to the camera.</source>
        <translation>暂时连不上区档案馆。请稍后再试，或把二维码对准摄像头。</translation>
    </message>
    <message>
        <source>The district archive did not answer this kiosk. Please ask the staff.</source>
        <translation>区档案馆没有应答本机。请找工作人员帮忙。</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>正在核验…</translation>
    </message>
    <message>
        <source>Type the code printed beside the QR code</source>
        <translation>请输入二维码旁印着的验证码</translation>
    </message>
    <message>
        <source>Press Check when all 12 characters show.</source>
        <translation>12 位都输入后，请按“核验”。</translation>
    </message>
    <message>
        <source>✗ REVOKED</source>
        <translation>✗ 已撤销</translation>
    </message>
    <message>
        <source>? CANNOT BE VERIFIED</source>
        <translation>? 无法核验</translation>
    </message>
    <message>
        <source>No certificate has this code. Check the code on the paper and type it again.</source>
        <translation>没有找到这个验证码。请核对纸上的验证码后重新输入。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/verify_certificate.py" line="78"/>
        <source>Verify a certificate</source>
        <translation>核验档案证明</translation>
    </message>
    <message>
        <location filename="../../ui/screens/verify_certificate.py" line="99"/>
        <source>Check another</source>
        <translation>再验一份</translation>
    </message>
    <message>
        <location filename="../../ui/screens/verify_certificate.py" line="101"/>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <location filename="../../ui/screens/verify_certificate.py" line="143"/>
        <source>This QR code is not a certificate of an archive service point.</source>
        <translation>这个二维码不是档案便民服务点出具的证明。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/verify_certificate.py" line="144"/>
        <source>This certificate is of a newer kind than this kiosk reads.</source>
        <translation>这份证明的格式较新，本机无法识别。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/verify_certificate.py" line="145"/>
        <source>This certificate comes from another district, which this kiosk cannot vouch for.</source>
        <translation>这份证明来自其他区，本机无法核验。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/verify_certificate.py" line="147"/>
        <source>The issuing kiosk is not certified by the district.</source>
        <translation>出具证明的终端未获得本区认证。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/verify_certificate.py" line="148"/>
        <source>The certificate has been altered: its signature does not match.</source>
        <translation>证明已被改动：签名不符。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/verify_certificate.py" line="149"/>
        <source>The issuing kiosk was not yet authorised on the date of issue.</source>
        <translation>出具之日，出具证明的终端尚未获得授权。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/verify_certificate.py" line="150"/>
        <source>The issuing kiosk&apos;s authorisation had expired on the date of issue.</source>
        <translation>出具之日，出具证明的终端授权已过期。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/verify_certificate.py" line="151"/>
        <source>The district has withdrawn the issuing kiosk&apos;s authorisation.</source>
        <translation>区里已撤销出具证明的终端的授权。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/verify_certificate.py" line="152"/>
        <source>The certified content does not match the archive.</source>
        <translation>证明内容与档案不一致。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/verify_certificate.py" line="161"/>
        <source>Hold the QR code of the certificate in front of the camera</source>
        <translation>请将证明上的二维码对准摄像头</translation>
    </message>
    <message>
        <location filename="../../ui/screens/verify_certificate.py" line="162"/>
        <source>The code is in the lower right corner of each page.</source>
        <translation>二维码在每页的右下角。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/verify_certificate.py" line="167"/>
        <source>✗ NOT VALID</source>
        <translation>✗ 无效</translation>
    </message>
    <message>
        <location filename="../../ui/screens/verify_certificate.py" line="172"/>
        <source>✓ GENUINE</source>
        <translation>✓ 真实有效</translation>
    </message>
    <message>
        <location filename="../../ui/screens/verify_certificate.py" line="174"/>
        <source>Verification code: %1</source>
        <translation>验证码：%1</translation>
    </message>
    <message>
        <location filename="../../ui/screens/verify_certificate.py" line="175"/>
        <source>Record: %1</source>
        <translation>档案：%1</translation>
    </message>
    <message>
        <location filename="../../ui/screens/verify_certificate.py" line="176"/>
        <source>For: %1</source>
        <translation>申请人：%1</translation>
    </message>
    <message>
        <location filename="../../ui/screens/verify_certificate.py" line="177"/>
        <source>Purpose: %1</source>
        <translation>用途：%1</translation>
    </message>
    <message>
        <location filename="../../ui/screens/verify_certificate.py" line="178"/>
        <source>Issued by: %1 (%2)</source>
        <translation>出具单位：%1（%2）</translation>
    </message>
    <message>
        <location filename="../../ui/screens/verify_certificate.py" line="179"/>
        <source>Issued at: %1</source>
        <translation>出具时间：%1</translation>
    </message>
    <message>
        <location filename="../../ui/screens/verify_certificate.py" line="180"/>
        <source>Compare these with the paper: they must be the same.</source>
        <translation>请与纸质证明核对：内容应完全一致。</translation>
    </message>
</context>
<context>
    <name>screen</name>
    <message>
        <location filename="../../ui/screens/agent_flow.py" line="178"/>
        <source>Requests cannot be sent from this kiosk right now.</source>
        <translation>本机现在无法发送申请。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/agent_flow.py" line="183"/>
        <source>A material is missing: the resident signs the commitment on the pad.</source>
        <translation>缺少材料：请居民在签字板上签署告知承诺书。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/agent_flow.py" line="206"/>
        <source>Request %1 sent. The resident&apos;s result comes back to this point.</source>
        <translation>申请 %1 已发送，结果将转回本服务点。</translation>
    </message>
</context>
<context>
    <name>self.login</name>
    <message>
        <location filename="../../ui/screens/diagnostics_flow.py" line="204"/>
        <source>Place your own ID card on the reader first.</source>
        <extracomment>The exit status that tells systemd not to restart the kiosk (RestartPreventExitStatus=64) and the X session to open the maintenance terminal. The camera (``add_listener``/``start``/``stop``) for the live preview, opened when first asked. A frame (BGR) → face box (top, right, bottom, left) or None; runs on the worker pool. False once the kiosk shuts down: results still on the worker pool are dropped, never shown on screens that die with the window or written to an audit log that is closed.</extracomment>
        <translation>请先把您本人的身份证放在读卡区。</translation>
    </message>
</context>
<context>
    <name>self.login_screen</name>
    <message>
        <location filename="../../ui/screens/agent_flow.py" line="124"/>
        <source>Place your own ID card on the reader first.</source>
        <extracomment>Set by the wiring: what came back for earlier requests, told at the resident&apos;s card tap.</extracomment>
        <translation>请先把您本人的身份证放在读卡区。</translation>
    </message>
</context>
<context>
    <name>self.screen</name>
    <message>
        <location filename="../../ui/screens/diagnostics_preview.py" line="47"/>
        <source>No camera preview on this kiosk.</source>
        <extracomment>Frames the frame rate is measured over. ``run(job, on_done, on_error)``: the flow&apos;s worker call, whose answers stop when the kiosk closes.</extracomment>
        <translation>本机没有摄像头预览。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/diagnostics_flow.py" line="274"/>
        <source>Support bundle: %1</source>
        <translation>支持包：%1</translation>
    </message>
</context>
<context>
    <name>PageReader</name>
    <message>
        <source>Page %1 of %2</source>
        <translation>第 %1 页，共 %2 页</translation>
    </message>
    <message>
        <source>Loading pages…</source>
        <translation>正在载入页面…</translation>
    </message>
    <message>
        <source>◀ Previous</source>
        <translation>◀ 上一页</translation>
    </message>
    <message>
        <source>Next ▶</source>
        <translation>下一页 ▶</translation>
    </message>
    <message>
        <source>Whole page</source>
        <translation>看整页</translation>
    </message>
    <message>
        <source>✕ Close full screen</source>
        <translation>✕ 退出全屏</translation>
    </message>
    <message>
        <source>Full screen</source>
        <translation>全屏看</translation>
    </message>
    <message>
        <source>Read this page aloud</source>
        <translation>朗读这一页</translation>
    </message>
    <message>
        <source>− Smaller</source>
        <translation>− 缩小</translation>
    </message>
    <message>
        <source>+ Larger</source>
        <translation>+ 放大</translation>
    </message>
</context>
<context>
    <name>StepBar</name>
    <message>
        <source>Your card</source>
        <translation>放身份证</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>核验</translation>
    </message>
    <message>
        <source>Choose</source>
        <translation>选档案</translation>
    </message>
    <message>
        <source>Print</source>
        <translation>打印</translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation>取回执</translation>
    </message>
</context>
<context>
    <name>CardOnReader</name>
    <message>
        <source>Card reader</source>
        <translation>读卡区</translation>
    </message>
</context>
<context>
    <name>PrinterTray</name>
    <message>
        <source>Copy %1 of %2</source>
        <translation>第 %1 份 / 共 %2 份</translation>
    </message>
    <message>
        <source>Take it here</source>
        <translation>从这里取</translation>
    </message>
</context>
<context>
    <name>RatingChoices</name>
    <message>
        <source>Very satisfied</source>
        <translation>非常满意</translation>
    </message>
    <message>
        <source>Satisfied</source>
        <translation>满意</translation>
    </message>
    <message>
        <source>Fairly satisfied</source>
        <translation>基本满意</translation>
    </message>
    <message>
        <source>Dissatisfied</source>
        <translation>不满意</translation>
    </message>
    <message>
        <source>Very dissatisfied</source>
        <translation>非常不满意</translation>
    </message>
    <message>
        <source>Nothing was printed or requested this time.</source>
        <translation>本次没有打印，也没有调档。</translation>
    </message>
    <message>
        <source>This visit: %1</source>
        <translation>本次%1</translation>
    </message>
    <message>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message numerus="yes">
        <source>%n copy printed</source>
        <translation>
            <numerusform>打印 %n 份</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n record requested</source>
        <translation>
            <numerusform>调档 %n 件</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FinishConfirm</name>
    <message>
        <source>Nothing has been printed yet. Finish anyway?</source>
        <translation>还没打印，确定结束吗？</translation>
    </message>
    <message>
        <source>◀ Go on</source>
        <translation>◀ 继续办理</translation>
    </message>
    <message>
        <source>Yes, finish</source>
        <translation>确定结束</translation>
    </message>
</context>
<context>
    <name>PageTurner</name>
    <message>
        <source>◀ Previous</source>
        <translation>◀ 上一页</translation>
    </message>
    <message>
        <source>Next ▶</source>
        <translation>下一页 ▶</translation>
    </message>
</context>
<context>
    <name>HandwritingPad</name>
    <message>
        <location filename="../../ui/widgets/handwriting_pad.py"/>
        <source>Rewrite</source>
        <translation>重写</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/handwriting_pad.py"/>
        <source>⌫ Delete</source>
        <translation>⌫ 退格</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/handwriting_pad.py"/>
        <source>Handwriting is not available on this kiosk. Please use the pinyin keys.</source>
        <translation>本机暂时不能手写，请点左边的「拼音」输入。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/handwriting_pad.py"/>
        <source>Write one character in the box, then touch it among the candidates.</source>
        <translation>用手指在方框里写一个字，写完在中间点选这个字。</translation>
    </message>
</context>
<context>
    <name>ReadyRequestsPanel</name>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Print it now</source>
        <translation>现在打印</translation>
    </message>
    <message>
        <source>Understood</source>
        <translation>知道了</translation>
    </message>
    <message>
        <source>Printing, please wait…</source>
        <translation>正在打印，请稍候……</translation>
    </message>
    <message>
        <source>Printed: take the certificate from the printer.</source>
        <translation>已打印，请在打印机出纸口取走证明。</translation>
    </message>
    <message>
        <source>The printer has not finished; staff will help you.</source>
        <translation>打印机暂未完成，工作人员会协助您。</translation>
    </message>
    <message>
        <source>Noted.</source>
        <translation>已告知。</translation>
    </message>
</context>
<context>
    <name>ServiceGuideScreen</name>
    <message>
        <source>Service guides</source>
        <translation>办事指南</translation>
    </message>
    <message>
        <source>◀ Back</source>
        <translation>◀ 返回</translation>
    </message>
    <message>
        <source>Put it on my receipt</source>
        <translation>打印在凭条上</translation>
    </message>
    <message>
        <source>✔ On your receipt</source>
        <translation>✔ 已加入凭条</translation>
    </message>
    <message>
        <source>No service guides.</source>
        <translation>暂无办事指南。</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <comment>a guide's field and its text</comment>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>%1</source>
        <comment>a guide's heading</comment>
        <translation>【%1】</translation>
    </message>
    <message>
        <source>It proves</source>
        <translation>证明</translation>
    </message>
    <message>
        <source>Also bring</source>
        <translation>还需携带</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>办理地点</translation>
    </message>
    <message>
        <source>Opening hours</source>
        <translation>办理时间</translation>
    </message>
    <message>
        <source>Telephone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>网上办理</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>提示</translation>
    </message>
    <message>
        <source>; </source>
        <comment>between things to bring</comment>
        <translation>；</translation>
    </message>
</context>
</TS>
